// The OpenAPI document's answers, in full. Route schemas describe parameters exactly (they validate requests) but
// pass whole records through (a Comparison is too rich to restate by hand); their full shapes are generated from
// the TypeScript types the UI uses (api-types.ts → api-schemas.json, `npm run schemas`, checked fresh by a test)
// and put into the document here, each route's answer pointing at its type.

import schemas from "./api-schemas.json" with { type: "json" };

/** Each route's answer type (api-types.ts), by method and OpenAPI path; the status is 200 unless given. */
const ANSWERS: Record<string, string | { type: string; status: string } | { arrayOf: string }> = {
  "get /api/overview": "Overview",
  "get /api/stories": "StoryList",
  "get /api/stories/{id}": "StoryDetail",
  "get /api/stories/{id}/comparison": "Comparison",
  "get /api/stories/{id}/articles": "StoryArticles",
  "get /api/articles": "ArticleList",
  "get /api/articles/{id}": "ArticleDetail",
  "get /api/search": "SearchResult",
  "get /api/entities": "EntityList",
  "get /api/entities/{id}": "EntityDetail",
  "get /api/events": "EventList",
  "get /api/timeline": "Timeline",
  "get /api/outlets": "OutletList",
  "post /api/ingest": { type: "IngestJob", status: "202" },
  "get /api/ingest": "IngestJobList",
  "get /api/ingest/{id}": "IngestJob",
  "get /api/export/stories.json": { arrayOf: "Story" },
};

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

const ref = (type: string) => ({ $ref: `#/components/schemas/${type}` });

/** JSON Schema `#/definitions/X` references, as the OpenAPI document's `#/components/schemas/X`. */
function components(): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(schemas.definitions).replaceAll('"#/definitions/', '"#/components/schemas/'),
  ) as Record<string, unknown>;
}

/** Adds the answer types to the document and points each route's answer (and every error) at its type. */
export function withAnswerTypes<
  T extends { paths?: Record<string, Record<string, Operation>>; components?: object },
>(doc: T): T {
  const out = structuredClone(doc);
  out.components = { ...(out.components ?? {}), schemas: components() };
  for (const [path, methods] of Object.entries(out.paths ?? {}))
    for (const [method, op] of Object.entries(methods)) {
      const answer = ANSWERS[`${method} ${path}`];
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const json = response.content?.["application/json"];
        if (Number(status) >= 400 && json) json.schema = ref("ApiError");
      }
      if (!answer) continue;
      const status = typeof answer === "object" && "status" in answer ? answer.status : "200";
      const schema =
        typeof answer === "string"
          ? ref(answer)
          : "arrayOf" in answer
            ? { type: "array", items: ref(answer.arrayOf) }
            : ref(answer.type);
      op.responses ??= {};
      const response = op.responses[status] ?? { description: "OK" };
      op.responses[status] = response;
      if (response.description === "Default Response") response.description = "OK";
      response.content = { ...(response.content ?? {}), "application/json": { schema } };
    }
  return out;
}
