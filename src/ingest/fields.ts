// Maps a flat record (a CSV row, a JSON object) onto an article by field name. The names users' exports use are
// many; the common ones are known here and `--map col=field` covers the rest.

import type { OutletBook } from "../knowledge/outlets.js";
import type { ArticleDraft, Origin } from "../records.js";
import { parseDate } from "./dates.js";
import { cleanText, emptyDraft, toParagraphs } from "./normalize.js";

export type ArticleField =
  | "sourceId"
  | "title"
  | "body"
  | "outlet"
  | "via"
  | "published"
  | "url"
  | "byline"
  | "editor"
  | "dateline"
  | "language"
  | "captions"
  | "credits"
  | "ignore";

/** Known column names (folded: lower case, letters and digits only) and the field each fills. First match wins. */
const KNOWN: [ArticleField, string[]][] = [
  ["sourceId", ["unitid", "id", "articleid", "guid", "uid", "docid", "documentid", "recordid"]],
  ["title", ["title", "articletitle", "headline", "heading"]],
  [
    "body",
    [
      "text",
      "body",
      "content",
      "articlecontent",
      "articletext",
      "articlebody",
      "fulltext",
      "article",
      "story",
    ],
  ],
  [
    "outlet",
    ["outlet", "source", "publisher", "sitename", "site", "sourcename", "media", "newspaper", "domain"],
  ],
  ["via", ["via", "reposter", "reposted"]],
  [
    "published",
    [
      "published",
      "date",
      "pubdate",
      "publishedat",
      "publishdate",
      "publicationdate",
      "datetime",
      "time",
      "timestamp",
      "created",
      "createdat",
    ],
  ],
  ["url", ["url", "link", "sourceurl", "articleurl", "permalink"]],
  ["byline", ["byline", "author", "authors", "creator", "writer"]],
  ["editor", ["editor"]],
  ["dateline", ["dateline"]],
  ["language", ["language", "lang"]],
  ["captions", ["captions", "caption"]],
  ["credits", ["credits", "credit"]],
];

const FIELDS = new Set<string>([
  "sourceId",
  "title",
  "body",
  "outlet",
  "via",
  "published",
  "url",
  "byline",
  "editor",
  "dateline",
  "language",
  "captions",
  "credits",
  "ignore",
]);

export const fold = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Parses `--map col=field` options. Throws a usage error for an unknown field. */
export function parseFieldMap(specs: readonly string[]): Map<string, ArticleField> {
  const map = new Map<string, ArticleField>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    const col = eq > 0 ? spec.slice(0, eq).trim() : "";
    const field = eq > 0 ? spec.slice(eq + 1).trim() : "";
    if (!col || !FIELDS.has(field)) {
      throw new Error(`--map ${spec}: expected COLUMN=FIELD with FIELD one of ${[...FIELDS].join(", ")}`);
    }
    map.set(fold(col), field as ArticleField);
  }
  return map;
}

/** Decides, once per header, which column fills which field. */
export function planColumns(
  columns: readonly string[],
  userMap: Map<string, ArticleField>,
): Map<number, ArticleField> {
  const plan = new Map<number, ArticleField>();
  const taken = new Set<ArticleField>();
  columns.forEach((c, i) => {
    const f = userMap.get(fold(c));
    if (f) {
      plan.set(i, f);
      taken.add(f);
    }
  });
  for (const [field, names] of KNOWN) {
    if (taken.has(field)) continue;
    for (const name of names) {
      const i = columns.findIndex((c, j) => !plan.has(j) && fold(c) === name);
      if (i >= 0) {
        plan.set(i, field);
        taken.add(field);
        break;
      }
    }
  }
  return plan;
}

function asString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(asString).filter(Boolean).join("\n\n");
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return asString(o.name ?? o.text ?? o.value ?? null);
  }
  return null;
}

function asList(v: unknown): string[] {
  if (Array.isArray(v))
    return v
      .map(asString)
      .filter((s): s is string => !!s)
      .map(cleanText);
  const s = asString(v);
  return s
    ? s
        .split(/\s*[;|\n]\s*/)
        .map(cleanText)
        .filter(Boolean)
    : [];
}

export type Mapped = { ok: true; article: ArticleDraft } | { ok: false; reason: string };

/** Builds an article from field values. The body is required; everything else is optional. */
export function toArticle(
  values: Partial<Record<ArticleField, unknown>>,
  origin: Origin,
  book: OutletBook,
): Mapped {
  const a = emptyDraft(origin);
  const bodyText = asString(values.body);
  a.body = bodyText ? toParagraphs(bodyText) : [];
  if (a.body.length === 0)
    return { ok: false, reason: "record has no article text (no text/body/content field, or it is empty)" };
  const str = (f: ArticleField) => {
    const s = asString(values[f]);
    const c = s === null ? "" : cleanText(s);
    return c.length > 0 ? c : null;
  };
  a.sourceId = str("sourceId");
  a.title = str("title");
  a.outlet = book.displayName(str("outlet"));
  a.via = book.displayName(str("via"));
  a.url = str("url");
  a.byline = str("byline");
  a.editor = str("editor");
  a.dateline = str("dateline");
  const lang = str("language");
  a.language = lang ? lang.slice(0, 2).toLowerCase() : null;
  a.captions = asList(values.captions);
  a.credits = asList(values.credits);
  const published = str("published");
  if (published) {
    const d = parseDate(published);
    if (d) {
      a.published = d.iso;
      a.publishedPrecision = d.precision;
    }
  }
  if (a.url && !a.origin.url) a.origin.url = a.url;
  return { ok: true, article: a };
}

/** Maps a JSON object by its keys (nested `source: {name}` objects and `authors: [...]` arrays are understood). */
export function objectToArticle(
  obj: Record<string, unknown>,
  userMap: Map<string, ArticleField>,
  origin: Origin,
  book: OutletBook,
): Mapped {
  const keys = Object.keys(obj);
  const plan = planColumns(keys, userMap);
  const values: Partial<Record<ArticleField, unknown>> = {};
  for (const [i, field] of plan) if (field !== "ignore") values[field] = obj[keys[i] as string];
  return toArticle(values, origin, book);
}
