// Articles in the store: the batch writer used by ingest, and the queries behind `articles`, `show` and the API.

import { resolve } from "node:path";
import { sql } from "kysely";
import { packSignature, ReprintIndex, type Signature, unpackSignature } from "../ingest/minhash.js";
import type { Article, ArticleFlag, DatePrecision, Origin, Reprint } from "../records.js";
import { likeAsSqlite } from "./dialect.js";
import { Fts5SyntaxError, type FtsPlan, fts5ToTsquery, ftsSnippet } from "./fts-query.js";
import type { ArticleOriginsTable, ArticlesTable } from "./schema.js";
import type { SqliteStore, Store } from "./sqlite.js";

/** An article ready to store: its signature for reprint matching is computed by the ingest stage. */
export interface PreparedArticle {
  article: Article;
  signature: Signature;
}

export type WriteOutcome =
  | { kind: "stored"; reprint: Reprint | null }
  | { kind: "duplicate"; id: string } // same text already stored; this origin added to it
  | { kind: "unchanged"; id: string }; // this very origin was stored before (a re-run)

/** The key that makes re-reading the same record a no-op: absolute file path + record, or URL + record. */
export function originKey(o: Origin): string {
  const place = o.file && !/^https?:\/\//i.test(o.file) ? resolve(o.file) : (o.file ?? o.url ?? "");
  return `${place}#${o.record ?? 0}@${o.byteStart ?? ""}`;
}

const now = () => new Date().toISOString();

/** An article's row (every column but seq), keys in column order: the SQLite writer binds them in this order. */
export function articleRow(a: Article, signature: Signature, ingestedAt: string) {
  return {
    id: a.id,
    source_id: a.sourceId,
    outlet: a.outlet,
    via: a.via,
    published: a.published,
    published_precision: a.publishedPrecision,
    dateline: a.dateline,
    byline: a.byline,
    editor: a.editor,
    credits: JSON.stringify(a.credits),
    title: a.title,
    body: a.body.join("\n\n"),
    captions: JSON.stringify(a.captions),
    url: a.url,
    language: a.language,
    flags: JSON.stringify(a.flags),
    origin: JSON.stringify(a.origin),
    shingles: signature.size,
    signature: packSignature(signature) as Uint8Array,
    ingested_at: ingestedAt,
  } satisfies Omit<ArticlesTable, "seq">;
}

/** The row recording where an article was seen, keys in column order. */
export function originRow(a: Article): ArticleOriginsTable {
  return {
    article_id: a.id,
    origin_key: originKey(a.origin),
    source_id: a.sourceId,
    outlet: a.outlet,
    origin: JSON.stringify(a.origin),
  };
}

/**
 * Writes articles in batches, each batch one transaction: a crash loses at most the batch in flight, never leaves
 * half an article, and the next run stores exactly what is missing. Statements are built with Kysely (so the schema
 * stays dialect-neutral) and compiled once into prepared statements (so the hot path pays no query building).
 */
export class ArticleWriter {
  private readonly index: ReprintIndex;
  private readonly exists;
  private readonly insertArticle;
  private readonly insertOrigin;
  private readonly insertReprint;
  private readonly indexText;
  private readonly batch;
  /** Range of rows stored in the batch in flight, for the full-text index. */
  private firstSeq = 0;
  private lastSeq = 0;

  constructor(private readonly store: SqliteStore) {
    const { db, sqlite } = store;
    const prep = (q: { compile(): { sql: string } }) => sqlite.prepare(q.compile().sql);
    this.exists = prep(db.selectFrom("articles").select("id").where("id", "=", "")).pluck();
    const articleRow = {
      id: "",
      source_id: null,
      outlet: null,
      via: null,
      published: null,
      published_precision: null,
      dateline: null,
      byline: null,
      editor: null,
      credits: "",
      title: null,
      body: "",
      captions: "",
      url: null,
      language: null,
      flags: "",
      origin: "",
      shingles: 0,
      signature: null,
      ingested_at: "",
    };
    // Parameters bind in the order of these object keys.
    this.insertArticle = prep(db.insertInto("articles").values(articleRow));
    this.insertOrigin = prep(
      db
        .insertInto("article_origins")
        .values({ article_id: "", origin_key: "", source_id: null, outlet: null, origin: "" })
        .onConflict((oc) => oc.doNothing()),
    );
    this.insertReprint = prep(
      db
        .insertInto("reprints")
        .values({ article_id: "", original_id: "", similarity: 0, containment: 0 })
        .onConflict((oc) => oc.doNothing()),
    );
    // FTS5 is SQLite's own: one insert-select per batch indexes the new rows (row triggers cost 3x as much).
    this.indexText = sqlite.prepare(
      "insert into articles_fts(rowid, title, body) select seq, title, body from articles where seq between ? and ?",
    );
    this.index = this.loadIndex();
    this.batch = sqlite.transaction((items: PreparedArticle[]) => {
      this.firstSeq = 0;
      const outcomes = items.map((p) => this.writeOne(p));
      if (this.firstSeq > 0) this.indexText.run(this.firstSeq, this.lastSeq);
      return outcomes;
    });
  }

  /** Rebuilds the reprint index from the signatures of the most recently stored articles. */
  private loadIndex(): ReprintIndex {
    const index = new ReprintIndex();
    const { db, sqlite } = this.store;
    const latest = db
      .selectFrom("articles")
      .select(["seq", "id", "shingles", "signature"])
      .where("signature", "is not", null)
      .orderBy("seq", "desc")
      .limit(index.capacity);
    const rows = sqlite
      .prepare(db.selectFrom(latest.as("latest")).selectAll().orderBy("seq", "asc").compile().sql)
      .iterate(index.capacity) as Iterable<{ id: string; shingles: number; signature: Uint8Array }>;
    for (const r of rows) index.add(r.id, unpackSignature(r.signature, r.shingles));
    return index;
  }

  private writeOne({ article: a, signature }: PreparedArticle): WriteOutcome {
    const origin = Object.values(originRow(a));
    if (this.exists.get(a.id) !== undefined) {
      const added = this.insertOrigin.run(...origin).changes > 0;
      return added ? { kind: "duplicate", id: a.id } : { kind: "unchanged", id: a.id };
    }
    const { lastInsertRowid } = this.insertArticle.run(...Object.values(articleRow(a, signature, now())));
    this.lastSeq = Number(lastInsertRowid);
    if (this.firstSeq === 0) this.firstSeq = this.lastSeq;
    this.insertOrigin.run(...origin);
    const match = this.index.match(signature);
    let reprint: Reprint | null = null;
    if (match) {
      reprint = {
        articleId: a.id,
        originalId: match.id,
        similarity: match.similarity,
        containment: match.containment,
      };
      this.insertReprint.run(a.id, match.id, match.similarity, match.containment);
    }
    this.index.add(a.id, signature);
    return { kind: "stored", reprint };
  }

  /** Writes a batch in one transaction. */
  write(items: PreparedArticle[]): WriteOutcome[] {
    return this.batch(items);
  }
}

export interface ArticleQuery {
  outlet?: string;
  /** ISO 3166-2 code of the governorate of the article's main event (from its analysis). */
  admin1?: string;
  from?: string;
  to?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface StoredArticle extends Article {
  origins: Origin[];
  reprintOf: Reprint | null;
  reprintedBy: Reprint[];
}

export interface ArticleSummary {
  id: string;
  sourceId: string | null;
  outlet: string | null;
  published: string | null;
  title: string | null;
  lead: string;
  snippet?: string;
}

/** Raised for a full-text query that FTS5 cannot parse: a usage error, not a crash. */
export class QuerySyntaxError extends Error {}

export function rowToArticle(r: Record<string, unknown>): Article {
  return {
    id: r.id as string,
    sourceId: (r.source_id as string | null) ?? null,
    outlet: (r.outlet as string | null) ?? null,
    via: (r.via as string | null) ?? null,
    published: (r.published as string | null) ?? null,
    publishedPrecision: (r.published_precision as DatePrecision | null) ?? null,
    dateline: (r.dateline as string | null) ?? null,
    byline: (r.byline as string | null) ?? null,
    editor: (r.editor as string | null) ?? null,
    credits: JSON.parse(r.credits as string) as string[],
    title: (r.title as string | null) ?? null,
    body: (r.body as string).split("\n\n"),
    captions: JSON.parse(r.captions as string) as string[],
    url: (r.url as string | null) ?? null,
    language: (r.language as string | null) ?? null,
    flags: JSON.parse(r.flags as string) as ArticleFlag[],
    origin: JSON.parse(r.origin as string) as Origin,
  };
}

/** An --outlet filter matches part of the outlet's name, in any case ("arabiya" finds Al Arabiya). */
export const outletLike = sql<string>`lower(articles.outlet)`;
export const outletPattern = (outlet: string): string => `%${outlet.toLowerCase()}%`;

/** The ids of the articles an FTS5 query matches, as a subquery for other tables' filters (events, stories). */
export function articlesMatching(store: Store, match: string) {
  if (store.kind === "postgres") {
    const { tsquery } = tsqueryOf(match);
    return store.db
      .selectFrom("articles")
      .innerJoin(sql<{ seq: number }>`articles_fts`.as("f"), (j) =>
        j.onRef(sql.ref("f.seq"), "=", "articles.seq"),
      )
      .select("articles.id")
      .where(tsMatches(tsquery));
  }
  return store.db
    .selectFrom("articles")
    .innerJoin(sql<{ rowid: number }>`articles_fts`.as("f"), (j) =>
      j.onRef(sql.ref("f.rowid"), "=", "articles.seq"),
    )
    .select("articles.id")
    .where(sql<boolean>`articles_fts match ${match}`);
}

/** The ids of an outlet's articles (part of its name, any case), as a subquery. */
export function articlesOfOutlet(store: Store, outlet: string) {
  return store.db
    .selectFrom("articles")
    .select("articles.id")
    .where(outletLike, "like", outletPattern(outlet));
}

/** Lists articles, newest first, filtered by outlet, date range and full-text query. */
export async function listArticles(store: Store, q: ArticleQuery): Promise<ArticleSummary[]> {
  // The input's own date when it had one, else the date the analysis read in the text.
  const published = sql<string | null>`coalesce(articles.published, analyses.published)`;
  const fts = sql<{ rowid: number }>`articles_fts`.as("f");
  const match = q.q;
  // The page's rows first (by date, or by BM25 rank for a search), then their text and snippets: reading bodies
  // and building snippets for all 60,000 matches of "Aleppo" before keeping 50 took 150 ms.
  let page = store.db
    .selectFrom("articles")
    .leftJoin("analyses", "analyses.article_id", "articles.id")
    .select("articles.seq")
    .orderBy(published, (o) => o.desc().nullsLast())
    .orderBy("articles.seq", "asc")
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0);
  if (q.outlet) page = page.where(outletLike, "like", outletPattern(q.outlet));
  if (q.admin1) page = page.where("analyses.admin1_code", "=", q.admin1);
  if (q.from) page = page.where(published, ">=", q.from);
  if (q.to) page = page.where(published, "<", nextDay(q.to));
  // PostgreSQL: the same matches from the tsvector table, ranked by ts_rank (ties by seq), snippets made below.
  const plan = store.kind === "postgres" && match !== undefined ? tsqueryOf(match) : null;
  if (match && plan) {
    const tsquery = plan.tsquery;
    page = page
      .innerJoin(sql<{ seq: number }>`articles_fts`.as("f"), (j) =>
        j.onRef(sql.ref("f.seq"), "=", "articles.seq"),
      )
      .where(tsMatches(tsquery))
      .clearOrderBy()
      .orderBy(tsquery === null ? sql`1` : sql`ts_rank(f.fts, ${tsquery}::tsquery)`, "desc")
      .orderBy("articles.seq", "asc");
  } else if (match) {
    page = page
      .innerJoin(fts, (j) => j.onRef(sql.ref("f.rowid"), "=", "articles.seq"))
      .where(sql<boolean>`articles_fts match ${match}`)
      .clearOrderBy()
      .orderBy(sql`bm25(articles_fts)`)
      .orderBy("articles.seq", "asc");
  }
  try {
    const seqs = (await page.execute()).map((r) => r.seq);
    if (seqs.length === 0) return [];
    const rows = await store.db
      .selectFrom("articles")
      .leftJoin("analyses", "analyses.article_id", "articles.id")
      .select([
        "articles.seq",
        "articles.id",
        "articles.source_id",
        "articles.outlet",
        "articles.title",
        "articles.body",
      ])
      .select(published.as("published"))
      .$if(match !== undefined && plan === null, (d) =>
        d
          .innerJoin(fts, (j) => j.onRef(sql.ref("f.rowid"), "=", "articles.seq"))
          .where(sql<boolean>`articles_fts match ${match}`)
          .select(sql<string>`snippet(articles_fts, -1, '«', '»', '…', 16)`.as("snippet")),
      )
      .where("articles.seq", "in", seqs)
      .execute();
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    return seqs.flatMap((seq) => {
      const r = bySeq.get(seq);
      if (!r) return [];
      const snippet = plan ? ftsSnippet([r.title, r.body], plan) : (r as { snippet?: unknown }).snippet;
      return [
        {
          id: r.id,
          sourceId: r.source_id,
          outlet: r.outlet,
          published: r.published,
          title: r.title,
          lead: r.body.split("\n\n")[0]?.slice(0, 200) ?? "",
          ...(typeof snippet === "string" ? { snippet } : {}),
        },
      ];
    });
  } catch (e) {
    throw searchError(e, q.q);
  }
}

/**
 * An SQLite error from a query that carries a user's FTS5 expression is the expression's fault (FTS5 reports
 * syntax errors, unknown columns, "unknown special query" for `*` … all as SQLITE_ERROR): a QuerySyntaxError.
 */
export function searchError(e: unknown, query: string | undefined): unknown {
  const err = e as Error & { code?: string };
  if (query !== undefined && (err.code === "SQLITE_ERROR" || e instanceof Fts5SyntaxError))
    return new QuerySyntaxError(`cannot parse the search query ${JSON.stringify(query)}: ${err.message}`);
  return e;
}

/** The articles_fts row `f` matches the tsquery (null: a query that can match nothing). */
const tsMatches = (tsquery: string | null) =>
  tsquery === null ? sql<boolean>`false` : sql<boolean>`f.fts @@ ${tsquery}::tsquery`;

/** An FTS5 query as a PostgreSQL tsquery (store/fts-query.ts); a malformed one is a QuerySyntaxError, as on SQLite. */
function tsqueryOf(match: string): FtsPlan {
  try {
    return fts5ToTsquery(match);
  } catch (e) {
    throw searchError(e, match);
  }
}

/** "2017-09-09" → "2017-09-10": an inclusive --to day compares as < the next day (date-times included). */
export function nextDay(day: string): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** One article with every origin it was seen at and its reprint links. Accepts an id prefix of 6+ characters. */
export async function getArticle(store: Store, id: string): Promise<StoredArticle | null> {
  let row = await store.db.selectFrom("articles").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row && id.length >= 6) {
    const rows = await store.db
      .selectFrom("articles")
      .selectAll()
      .where(likeAsSqlite(store, sql`id`, `${id}%`))
      .limit(2)
      .execute();
    if (rows.length === 1) row = rows[0];
  }
  if (!row) return null;
  const origins = await store.db
    .selectFrom("article_origins")
    .select("origin")
    .where("article_id", "=", row.id)
    .orderBy("origin_key")
    .execute();
  const links = await store.db
    .selectFrom("reprints")
    .selectAll()
    .where((eb) => eb.or([eb("article_id", "=", row.id), eb("original_id", "=", row.id)]))
    .orderBy("article_id")
    .execute();
  const toReprint = (l: (typeof links)[number]): Reprint => ({
    articleId: l.article_id,
    originalId: l.original_id,
    similarity: l.similarity,
    containment: l.containment,
  });
  return {
    ...rowToArticle(row as unknown as Record<string, unknown>),
    origins: origins.map((o) => JSON.parse(o.origin) as Origin),
    reprintOf: links.filter((l) => l.article_id === row.id).map(toReprint)[0] ?? null,
    reprintedBy: links.filter((l) => l.original_id === row.id).map(toReprint),
  };
}

export interface StoreCounts {
  articles: number;
  origins: number;
  reprints: number;
  outlets: number;
}

export async function countArticles(store: Store): Promise<StoreCounts> {
  const one = async (table: "articles" | "article_origins" | "reprints") =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const outlets = await store.db
    .selectFrom("articles")
    .select((eb) => eb.fn.count<number>("outlet").distinct().as("n"))
    .executeTakeFirstOrThrow();
  return {
    articles: await one("articles"),
    origins: await one("article_origins"),
    reprints: await one("reprints"),
    outlets: Number(outlets.n),
  };
}

/** Articles per outlet, most first. */
export async function outletCounts(store: Store): Promise<{ outlet: string | null; articles: number }[]> {
  const rows = await store.db
    .selectFrom("articles")
    .select(["outlet", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("outlet")
    .orderBy("n", "desc")
    .orderBy("outlet", (o) => o.asc().nullsFirst())
    .execute();
  return rows.map((r) => ({ outlet: r.outlet, articles: Number(r.n) }));
}
