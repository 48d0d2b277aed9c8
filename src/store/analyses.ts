// Analyses in the store: what the analyze stage read in each article (location, resolved date, mentions, times,
// numbers) and the entities it named, so later stages and the API can query by place, entity and date.

import { sql } from "kysely";
import type {
  AnalyzedArticle,
  Article,
  Casualties,
  Entity,
  Location,
  Mention,
  Quantity,
  TimeExpression,
} from "../records.js";
import { rowToArticle } from "./articles.js";
import { likeAsSqlite } from "./dialect.js";
import { CLAIM_COLUMNS, claimRow, EVENT_COLUMNS, eventRow, recordsOf } from "./events.js";
import type { AnalysesTable, ArticleEntitiesTable, EntitiesTable } from "./schema.js";
import { type SqliteStore, type Store, sqliteOf } from "./sqlite.js";

/** Bump when the analyze stage changes what it outputs: stored analyses of an older version are redone.
 * 2: events, claims and casualties. 3: "with the help of X": X is not the actor. */
export const ANALYZER_VERSION = 3;

/** The analysis part of an AnalyzedArticle: what crosses from the analysis threads and what is stored. */
export type Analysis = Pick<
  AnalyzedArticle,
  | "id"
  | "published"
  | "publishedPrecision"
  | "publishedSource"
  | "location"
  | "secondaryLocations"
  | "entities"
  | "mentions"
  | "times"
  | "numbers"
  | "events"
  | "claims"
  | "casualties"
>;

export function analysisOf(a: AnalyzedArticle): Analysis {
  return {
    id: a.id,
    published: a.published,
    publishedPrecision: a.publishedPrecision,
    publishedSource: a.publishedSource,
    location: a.location,
    secondaryLocations: a.secondaryLocations,
    entities: a.entities,
    mentions: a.mentions,
    times: a.times,
    numbers: a.numbers,
    events: a.events,
    claims: a.claims,
    casualties: a.casualties,
  };
}

/** An analysis's row, keys in column order (the SQLite writer binds them in this order). */
export function analysisRow(a: Analysis, analyzedAt: string): AnalysesTable {
  const loc = a.location;
  return {
    article_id: a.id,
    version: ANALYZER_VERSION,
    published: a.published,
    published_precision: a.publishedPrecision,
    published_source: a.publishedSource,
    admin1_code: loc?.admin1Code ?? null,
    lat: loc?.lat ?? null,
    lon: loc?.lon ?? null,
    location: loc ? JSON.stringify(loc) : null,
    secondary_locations: JSON.stringify(a.secondaryLocations),
    mentions: JSON.stringify(a.mentions),
    times: JSON.stringify(a.times),
    numbers: JSON.stringify(a.numbers),
    analyzed_at: analyzedAt,
    casualties: a.casualties ? JSON.stringify(a.casualties) : null,
  };
}

/** An entity's row, keys in column order. */
export function entityRow(e: Entity): EntitiesTable {
  return {
    id: e.id,
    name: e.name,
    type: e.type,
    kind: e.kind,
    kb_id: e.kbId,
    lat: e.geo?.lat ?? null,
    lon: e.geo?.lon ?? null,
    admin1_code: e.geo?.admin1Code ?? null,
    country: e.geo?.country ?? null,
  };
}

/** The row linking an article to an entity it names, keys in column order. */
export function articleEntityRow(articleId: string, e: Entity): ArticleEntitiesTable {
  return {
    article_id: articleId,
    entity_id: e.id,
    mentions: e.mentions,
    surface_forms: JSON.stringify(e.surfaceForms),
    roles: e.roles ? JSON.stringify(e.roles) : null,
  };
}

/** Writes analyses in batches, each batch one transaction; writing an article's analysis again replaces it. */
export class AnalysisWriter {
  private readonly batch;

  constructor(store: SqliteStore) {
    const { db, sqlite } = store;
    const prep = (q: { compile(): { sql: string } }) => sqlite.prepare(q.compile().sql);
    const row = {
      article_id: "",
      version: 0,
      published: null,
      published_precision: null,
      published_source: null,
      admin1_code: null,
      lat: null,
      lon: null,
      location: null,
      secondary_locations: "",
      mentions: "",
      times: "",
      numbers: "",
      analyzed_at: "",
      casualties: null,
    };
    const upsert = prep(
      db
        .insertInto("analyses")
        .values(row)
        .onConflict((oc) =>
          oc.column("article_id").doUpdateSet((eb) => {
            const set: Record<string, unknown> = {};
            for (const k of Object.keys(row))
              if (k !== "article_id") set[k] = eb.ref(`excluded.${k}` as never);
            return set as never;
          }),
        ),
    );
    const clearLinks = prep(db.deleteFrom("article_entities").where("article_id", "=", ""));
    const insertEntity = prep(
      db
        .insertInto("entities")
        .values({
          id: "",
          name: "",
          type: "",
          kind: "",
          kb_id: null,
          lat: null,
          lon: null,
          admin1_code: null,
          country: null,
        })
        .onConflict((oc) => oc.column("id").doNothing()),
    );
    const insertLink = prep(
      db
        .insertInto("article_entities")
        .values({ article_id: "", entity_id: "", mentions: 0, surface_forms: "", roles: null }),
    );
    // An article's events and claims are replaced with its analysis. Parameters bind in the order of the columns.
    const clearEvents = prep(db.deleteFrom("events").where("article_id", "=", ""));
    const clearClaims = prep(db.deleteFrom("claims").where("article_id", "=", ""));
    const template = (columns: readonly string[]) =>
      Object.fromEntries(columns.map((c) => [c, null])) as Record<string, null>;
    const insertEvent = prep(db.insertInto("events").values(template(EVENT_COLUMNS) as never));
    const insertClaim = prep(db.insertInto("claims").values(template(CLAIM_COLUMNS) as never));
    const at = new Date().toISOString();
    this.batch = sqlite.transaction((items: AnalysisRows[]) => {
      for (const a of items) {
        const r = a.analysis;
        // The analysis row's parameters, with the time of this run in its place (before `casualties`).
        upsert.run(
          r[0],
          r[1],
          r[2],
          r[3],
          r[4],
          r[5],
          r[6],
          r[7],
          r[8],
          r[9],
          r[10],
          r[11],
          r[12],
          at,
          r[13],
        );
        clearEvents.run(a.id);
        for (const e of a.events) insertEvent.run(e);
        clearClaims.run(a.id);
        for (const c of a.claims) insertClaim.run(c);
        clearLinks.run(a.id);
        for (let i = 0; i < a.entities.length; i++) {
          insertEntity.run(a.entities[i]);
          insertLink.run(a.links[i]);
        }
      }
    });
  }

  write(items: Analysis[]): void {
    this.batch(items.map(AnalysisWriter.rowsOf));
  }

  /** Writes analyses already turned into rows (on an analysis thread: see `rowsOf`). */
  writeRows(items: AnalysisRows[]): void {
    this.batch(items);
  }

  /**
   * An analysis as the parameters of the rows it is stored as: computed where the analysis is made (the analysis
   * threads), so that the thread writing to SQLite only binds them, and what crosses between threads is a few flat
   * arrays of strings and numbers instead of the analysis' object graph.
   */
  static rowsOf(this: void, a: Analysis): AnalysisRows {
    const row = analysisRow(a, "");
    const analysis: unknown[] = [];
    for (const [k, v] of Object.entries(row)) if (k !== "analyzed_at") analysis.push(v);
    return {
      id: a.id,
      analysis,
      events: a.events.map((e) => {
        const r = eventRow(e, a.id, a.published);
        return EVENT_COLUMNS.map((c) => r[c]);
      }),
      claims: a.claims.map((c) => {
        const r = claimRow(c, a.id);
        return CLAIM_COLUMNS.map((k) => r[k]);
      }),
      entities: a.entities.map((e) => Object.values(entityRow(e))),
      links: a.entities.map((e) => Object.values(articleEntityRow(a.id, e))),
    };
  }
}

/** The parameters of an analysis' rows, in the order the writer binds them (AnalysisWriter.rowsOf). */
export interface AnalysisRows {
  id: string;
  /** The analyses row's, in column order, without the time it is written at. */
  analysis: unknown[];
  events: unknown[][];
  claims: unknown[][];
  entities: unknown[][];
  links: unknown[][];
}

/** Articles not analysed yet (or by an older analyzer), in storage order, after `afterSeq`. */
export function pendingArticles(
  store: Store,
  afterSeq: number,
  limit: number,
): { seq: number; article: Article }[] {
  const { db } = store;
  const sqlite = sqliteOf(store, "reading pending articles synchronously");
  const q = db
    .selectFrom("articles")
    .leftJoin("analyses", "analyses.article_id", "articles.id")
    .selectAll("articles")
    .where((eb) =>
      eb.or([eb("analyses.article_id", "is", null), eb("analyses.version", "<", ANALYZER_VERSION)]),
    )
    .where("articles.seq", ">", afterSeq)
    .orderBy("articles.seq", "asc")
    .limit(limit)
    .compile();
  const rows = sqlite.prepare(q.sql).all(...q.parameters) as Record<string, unknown>[];
  return rows.map((r) => ({ seq: r.seq as number, article: rowToArticle(r) }));
}

/** An article's stored analysis with its entities, events and claims, or null if it was not analysed. */
export async function getAnalysis(store: Store, articleId: string): Promise<Analysis | null> {
  return (await getAnalyses(store, [articleId])).get(articleId) ?? null;
}

/** The stored analyses of several articles, read with four queries whatever their number. */
export async function getAnalyses(
  store: Store,
  articleIds: readonly string[],
): Promise<Map<string, Analysis>> {
  const out = new Map<string, Analysis>();
  if (articleIds.length === 0) return out;
  const ids = [...articleIds];
  const rows = await store.db
    .selectFrom("analyses")
    .selectAll()
    .where("article_id", "in", ids)
    .orderBy("article_id")
    .execute();
  if (rows.length === 0) return out;
  const links = await store.db
    .selectFrom("article_entities")
    .innerJoin("entities", "entities.id", "article_entities.entity_id")
    .selectAll()
    .where("article_entities.article_id", "in", ids)
    .orderBy("article_entities.article_id")
    .orderBy("article_entities.entity_id")
    .execute();
  const entitiesOf = new Map<string, Entity[]>();
  for (const l of links) {
    const list = entitiesOf.get(l.article_id) ?? [];
    list.push({
      id: l.id,
      name: l.name,
      type: l.type as Entity["type"],
      kind: l.kind,
      kbId: l.kb_id,
      surfaceForms: JSON.parse(l.surface_forms) as string[],
      mentions: l.mentions,
      ...(l.lat !== null && l.lon !== null
        ? { geo: { lat: l.lat, lon: l.lon, admin1: null, admin1Code: l.admin1_code, country: l.country } }
        : {}),
      ...(l.roles ? { roles: JSON.parse(l.roles) as string[] } : {}),
    });
    entitiesOf.set(l.article_id, list);
  }
  const { events, claims } = await recordsOf(store, ids);
  for (const row of rows) {
    const id = row.article_id;
    out.set(id, {
      id,
      published: row.published,
      publishedPrecision: row.published_precision as Analysis["publishedPrecision"],
      publishedSource: row.published_source as Analysis["publishedSource"],
      location: row.location ? (JSON.parse(row.location) as Location) : null,
      secondaryLocations: JSON.parse(row.secondary_locations) as Location[],
      entities: entitiesOf.get(id) ?? [],
      mentions: JSON.parse(row.mentions) as Mention[],
      times: JSON.parse(row.times) as TimeExpression[],
      numbers: JSON.parse(row.numbers) as Quantity[],
      events: events.get(id) ?? [],
      claims: claims.get(id) ?? [],
      casualties: row.casualties ? (JSON.parse(row.casualties) as Casualties) : null,
    });
  }
  return out;
}

export interface AnalysisCounts {
  analyzed: number;
  entities: number;
  located: number;
}

export async function countAnalyses(store: Store): Promise<AnalysisCounts> {
  const a = await store.db
    .selectFrom("analyses")
    .select((eb) => [
      eb.fn.countAll<number>().as("analyzed"),
      eb.fn.count<number>("admin1_code").as("located"),
    ])
    .executeTakeFirstOrThrow();
  const e = await store.db
    .selectFrom("entities")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { analyzed: Number(a.analyzed), entities: Number(e.n), located: Number(a.located) };
}

export interface EntityQuery {
  type?: string;
  /** Part of the canonical name or of a spelling seen (case-insensitive). */
  q?: string;
  limit?: number;
}

export interface EntitySummary {
  id: string;
  name: string;
  type: string;
  kind: string;
  kbId: string | null;
  articles: number;
  mentions: number;
  /** The spellings seen across articles, most frequent first. */
  surfaceForms: string[];
  admin1Code: string | null;
}

/** Entities by the number of articles naming them, with the spellings seen. */
export async function listEntities(store: Store, q: EntityQuery): Promise<EntitySummary[]> {
  let query = store.db
    .selectFrom("entities")
    .innerJoin("article_entities", "article_entities.entity_id", "entities.id")
    .select((eb) => [
      "entities.id",
      "entities.name",
      "entities.type",
      "entities.kind",
      "entities.kb_id",
      "entities.admin1_code",
      eb.fn.count<number>("article_entities.article_id").as("articles"),
      eb.fn.sum<number>("article_entities.mentions").as("mentions"),
    ])
    .groupBy("entities.id")
    .orderBy("articles", "desc")
    .orderBy("entities.name")
    .orderBy("entities.id")
    .limit(q.limit ?? 50);
  if (q.type) query = query.where("entities.type", "=", q.type);
  if (q.q) {
    const like = `%${q.q.toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([
        likeAsSqlite(store, sql`lower(entities.name)`, like),
        likeAsSqlite(store, sql`lower(article_entities.surface_forms)`, like),
      ]),
    );
  }
  const rows = await query.execute();
  const out: EntitySummary[] = [];
  for (const r of rows) {
    const forms = await store.db
      .selectFrom("article_entities")
      .select("surface_forms")
      .where("entity_id", "=", r.id)
      .limit(500)
      .execute();
    const counts = new Map<string, number>();
    for (const f of forms)
      for (const s of JSON.parse(f.surface_forms) as string[]) counts.set(s, (counts.get(s) ?? 0) + 1);
    out.push({
      id: r.id,
      name: r.name,
      type: r.type,
      kind: r.kind,
      kbId: r.kb_id,
      admin1Code: r.admin1_code,
      articles: Number(r.articles),
      mentions: Number(r.mentions),
      surfaceForms: [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([s]) => s),
    });
  }
  return out;
}

/** One entity as its page shows it: spellings, outlets naming it, entities named with it. */
export interface EntityProfile {
  id: string;
  name: string;
  type: string;
  kind: string;
  kbId: string | null;
  admin1Code: string | null;
  lat: number | null;
  lon: number | null;
  spellings: { text: string; count: number }[];
  byOutlet: { outlet: string; articles: number; mentions: number }[];
  cooccurring: { id: string; name: string; type: string; articles: number }[];
}

/** The articles an entity profile is counted over: its latest, so that "Syria" in a million articles stays quick. */
const PROFILE_ARTICLES = 2000;

export async function getEntity(store: Store, id: string): Promise<EntityProfile | null> {
  const e = await store.db.selectFrom("entities").selectAll().where("id", "=", id).executeTakeFirst();
  if (!e) return null;
  const rows = await store.db
    .selectFrom("article_entities")
    .innerJoin("articles", "articles.id", "article_entities.article_id")
    .select(["article_entities.article_id", "article_entities.mentions", "article_entities.surface_forms"])
    .select("articles.outlet")
    .where("article_entities.entity_id", "=", id)
    .orderBy("articles.seq", "desc")
    .limit(PROFILE_ARTICLES)
    .execute();
  const spellings = new Map<string, number>();
  const outlets = new Map<string, { articles: number; mentions: number }>();
  for (const r of rows) {
    for (const s of JSON.parse(r.surface_forms) as string[]) spellings.set(s, (spellings.get(s) ?? 0) + 1);
    const o = outlets.get(r.outlet ?? "(unknown)") ?? { articles: 0, mentions: 0 };
    o.articles++;
    o.mentions += r.mentions;
    outlets.set(r.outlet ?? "(unknown)", o);
  }
  const articleIds = rows.map((r) => r.article_id);
  const co = articleIds.length
    ? await store.db
        .selectFrom("article_entities")
        .innerJoin("entities", "entities.id", "article_entities.entity_id")
        .select(["entities.id", "entities.name", "entities.type"])
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("article_entities.article_id", "in", articleIds)
        .where("article_entities.entity_id", "!=", id)
        .groupBy("entities.id")
        .orderBy("n", "desc")
        .orderBy("entities.name")
        .orderBy("entities.id")
        .limit(24)
        .execute()
    : [];
  return {
    id: e.id,
    name: e.name,
    type: e.type,
    kind: e.kind,
    kbId: e.kb_id,
    admin1Code: e.admin1_code,
    lat: e.lat,
    lon: e.lon,
    spellings: [...spellings.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([text, count]) => ({ text, count })),
    byOutlet: [...outlets.entries()]
      .sort((a, b) => b[1].articles - a[1].articles || a[0].localeCompare(b[0]))
      .map(([outlet, c]) => ({ outlet, ...c })),
    cooccurring: co.map((c) => ({ id: c.id, name: c.name, type: c.type, articles: Number(c.n) })),
  };
}

/** The entities an article names, most mentioned first. */
export async function entitiesOf(
  store: Store,
  articleId: string,
): Promise<{ id: string; name: string; type: string; mentions: number }[]> {
  const rows = await store.db
    .selectFrom("article_entities")
    .innerJoin("entities", "entities.id", "article_entities.entity_id")
    .select(["entities.id", "entities.name", "entities.type", "article_entities.mentions"])
    .where("article_entities.article_id", "=", articleId)
    .orderBy("article_entities.mentions", "desc")
    .orderBy("entities.name")
    .orderBy("entities.id")
    .execute();
  return rows;
}
