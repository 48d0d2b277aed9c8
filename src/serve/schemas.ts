// JSON schemas of the API's parameters and answers. Fastify validates every request against them (a bad parameter
// is a 400 naming it, never a 500), serialises answers with them, and @fastify/swagger turns them into the
// OpenAPI document. Answers that carry whole records (a Story, a Comparison) describe their top level and let the
// record through as it is (see src/records.ts and src/serve/api-types.ts for the full shapes).

// Brings the OpenAPI keywords (tags, summary) into Fastify's route schema type.
import type {} from "@fastify/swagger";
import type { KnowledgeBase } from "../knowledge/index.js";

type Schema = Record<string, unknown>;

const nullable = (type: string, description?: string): Schema => ({
  type: [type, "null"],
  ...(description ? { description } : {}),
});
const str = (description: string, extra: Schema = {}): Schema => ({ type: "string", description, ...extra });
const int = (description: string, extra: Schema = {}): Schema => ({ type: "integer", description, ...extra });
/** A record passed through whole (its shape: the named type in src/records.ts or src/serve/api-types.ts). */
export const record = (name: string): Schema => ({
  type: "object",
  description: `${name} (see src/records.ts and src/serve/api-types.ts)`,
  additionalProperties: true,
});
const list = (items: Schema, description?: string): Schema => ({
  type: "array",
  items,
  ...(description ? { description } : {}),
});
const obj = (properties: Record<string, Schema>, description?: string): Schema => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...(description ? { description } : {}),
});

const DAY = "^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$";

export const errorSchema: Schema = {
  type: "object",
  description: "An error: the HTTP status, its name, and what was wrong",
  properties: { statusCode: { type: "integer" }, error: { type: "string" }, message: { type: "string" } },
  required: ["statusCode", "error", "message"],
};

export const errors = {
  400: errorSchema,
  404: errorSchema,
};

/** Query parameters shared by lists; `properties` of a querystring schema, each optional. */
export function params(kb: KnowledgeBase) {
  const types = kb.events.types.map((t) => t.id);
  return {
    from: str("First day (inclusive), YYYY, YYYY-MM or YYYY-MM-DD", { pattern: DAY }),
    to: str("Last day (inclusive), YYYY, YYYY-MM or YYYY-MM-DD", { pattern: DAY }),
    place: str("A governorate: ISO 3166-2 code (SY-DY) or name in any common spelling (Deir al-Zour)", {
      minLength: 1,
      maxLength: 80,
    }),
    outlet: str("Part of an outlet's name, any case", { minLength: 1, maxLength: 120 }),
    type: str("Event type (knowledge/events.json)", { enum: types }),
    q: str('Full-text query (SQLite FTS5 syntax: words, "phrases", OR, NOT, prefix*)', {
      minLength: 1,
      maxLength: 500,
    }),
    limit: int("Page size", { minimum: 1, maximum: 500 }),
    offset: int("Rows to skip", { minimum: 0, maximum: 10_000_000 }),
  };
}

export const query = (properties: Record<string, Schema>): Schema => ({
  type: "object",
  properties,
  additionalProperties: false,
});

export const idParams = (description: string): Schema => ({
  type: "object",
  properties: { id: str(description, { minLength: 1, maxLength: 200 }) },
  required: ["id"],
  additionalProperties: false,
});

export const storyCheck: Schema = {
  type: ["object", "null"],
  description: "Claim groups per verdict; null for a story of one source",
  properties: {
    agreed: { type: "integer" },
    compatible: { type: "integer" },
    conflicting: { type: "integer" },
    single: { type: "integer" },
  },
};

export const overviewSchema = obj({
  articles: int("Articles stored"),
  outlets: int("Distinct outlets"),
  analyzed: int("Articles analysed"),
  stories: int("Stories"),
  events: int("Events"),
  days: obj({ first: nullable("string"), last: nullable("string") }, "First and last day any story is about"),
  types: list(obj({ type: { type: "string" }, label: { type: "string" }, count: { type: "integer" } })),
  typeLabels: {
    type: "object",
    additionalProperties: { type: "string" },
    description: "Every event type's label",
  },
  governorates: list(
    obj({ code: { type: "string" }, name: { type: "string" }, stories: { type: "integer" } }),
  ),
  outletNames: list({ type: "string" }),
  writeNeedsToken: { type: "boolean", description: "Writes need Authorization: Bearer <PARALLAX_TOKEN>" },
});

const storyRow: Schema = {
  type: "object",
  description:
    "A Story (src/records.ts) with its first 10 articles, its article count and its cross-check at a glance",
  properties: { id: { type: "string" }, articleCount: { type: "integer" }, check: storyCheck },
  additionalProperties: true,
};

export const storyListSchema = obj({
  total: int("Stories matching the filters"),
  items: list(storyRow),
});

export const storyDetailSchema = obj({
  story: record("Story"),
  check: storyCheck,
  thread: list(
    obj({ id: { type: "string" }, title: nullable("string"), day: nullable("string") }),
    "Other stories of the same campaign thread",
  ),
});

export const storyArticlesSchema = obj({ articles: list(record("ArticleText")) });

const articleItem: Schema = {
  type: "object",
  properties: {
    id: { type: "string" },
    sourceId: nullable("string"),
    outlet: nullable("string"),
    published: nullable("string"),
    title: nullable("string"),
    lead: { type: "string" },
    snippet: { type: "string", description: "With q: the matching words marked «like this» (plain text)" },
    storyId: nullable("string"),
  },
  required: ["id", "sourceId", "outlet", "published", "title", "lead", "storyId"],
  additionalProperties: false,
};

export const articleListSchema = obj({ items: list(articleItem) });
export const articleDetailSchema = record("ArticleDetail");

export const entityListSchema = obj({ items: list(record("EntityList item")) });
export const entityDetailSchema = record("EntityDetail");

export const eventPoint: Schema = obj({
  id: { type: "string" },
  articleId: { type: "string" },
  storyId: nullable("string"),
  type: { type: "string" },
  day: nullable("string"),
  place: nullable("string"),
  admin1Code: nullable("string"),
  lat: nullable("number"),
  lon: nullable("number"),
  killed: nullable("integer"),
  injured: nullable("integer"),
  actor: nullable("string"),
  target: nullable("string"),
  outlet: nullable("string"),
  text: { type: "string" },
  main: { type: "boolean" },
});

export const eventListSchema = obj({ total: { type: "integer" }, items: list(eventPoint) });

export const timelineSchema = obj({
  days: list(
    obj({
      day: { type: "string" },
      counts: { type: "object", additionalProperties: { type: "integer" }, description: "Events per type" },
    }),
  ),
});

export const outletListSchema = obj({
  storiesCompared: int("Multi-source stories the figures are counted over"),
  items: list(record("OutletList item")),
});

export const ingestJobSchema = record("IngestJob");
export const ingestJobListSchema = obj({ items: list(record("IngestJob")) });

export const ingestBodySchema: Schema = {
  type: "object",
  description: "Pasted text (or send multipart/form-data with one or more `files` fields)",
  properties: {
    text: { type: "string", minLength: 1, description: "The text: articles in any supported format" },
    name: {
      type: "string",
      minLength: 1,
      maxLength: 200,
      pattern: "^[^/\\\\\\u0000]+$",
      description: "A file name for it (its extension hints the format)",
    },
    format: {
      type: "string",
      enum: ["text-stream", "csv", "json", "jsonl", "rss", "atom", "html"],
      description: "The format, when the text does not say",
    },
  },
  required: ["text"],
  additionalProperties: false,
};
