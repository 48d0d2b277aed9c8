// Events and claims in the store: one row per event (who did what to whom, where, when, with what toll) and per
// claim, with the columns lists filter on and the whole record as JSON. They are written with their article's
// analysis (AnalysisWriter in analyses.ts) and replaced with it.

import { sql } from "kysely";
import type { Claim, Event } from "../records.js";
import { nextDay, outletLike, outletPattern, searchError } from "./articles.js";
import type { ClaimsTable, EventsTable } from "./schema.js";
import type { Store } from "./sqlite.js";

/** A list of every column of a table (the type is `never` when one is missing, so the assignment fails). */
type AllColumns<T, L extends readonly (keyof T)[]> = [Exclude<keyof T, L[number]>] extends [never]
  ? L
  : never;

const eventColumns = [
  "id",
  "article_id",
  "sentence",
  "type",
  "acled_event_type",
  "acled_sub_event_type",
  "plover_event_type",
  "plover_mode",
  "mode",
  "actor_id",
  "actor_name",
  "target_id",
  "target_name",
  "admin1_code",
  "place_name",
  "lat",
  "lon",
  "date",
  "date_precision",
  "killed",
  "injured",
  "attribution",
  "hedged",
  "negated",
  "denied",
  "main",
  "record",
  "day",
] as const;
/** The events table's columns, in the order the writer binds them. */
export const EVENT_COLUMNS: AllColumns<EventsTable, typeof eventColumns> = eventColumns;

const claimColumns = [
  "id",
  "article_id",
  "event_id",
  "predicate",
  "subject_id",
  "subject_name",
  "object_id",
  "object_name",
  "value",
  "unit",
  "qualifier",
  "date",
  "admin1_code",
  "attribution",
  "record",
] as const;
/** The claims table's columns, in the order the writer binds them. */
export const CLAIM_COLUMNS: AllColumns<ClaimsTable, typeof claimColumns> = claimColumns;

const flag = (b: boolean) => (b ? 1 : 0);

/**
 * The day an event is drawn on: its own date, else its article's publication date. An event the text dates only to
 * a year or a month ("in 2013") has no day: it is not put on a day it did not happen.
 */
export function eventDay(e: Pick<Event, "date">, published: string | null): string | null {
  if (e.date && (e.date.precision === "year" || e.date.precision === "month")) return null;
  return (e.date?.value ?? published)?.slice(0, 10) ?? null;
}

export function eventRow(e: Event, articleId: string, published: string | null): EventsTable {
  const { killed, injured } = e;
  return {
    id: e.id,
    article_id: articleId,
    sentence: e.sentence,
    type: e.type,
    acled_event_type: e.acled?.eventType ?? null,
    acled_sub_event_type: e.acled?.subEventType ?? null,
    plover_event_type: e.plover?.eventType ?? null,
    plover_mode: e.plover?.mode ?? null,
    mode: e.mode ?? null,
    actor_id: e.actor?.entityId ?? null,
    actor_name: e.actor?.name ?? null,
    target_id: e.target?.entityId ?? null,
    target_name: e.target?.name ?? null,
    admin1_code: e.location?.admin1Code ?? null,
    place_name: e.location?.name ?? null,
    lat: e.location?.lat ?? null,
    lon: e.location?.lon ?? null,
    date: e.date?.value ?? null,
    date_precision: e.date?.precision ?? null,
    killed,
    injured,
    attribution: e.attribution?.source ?? null,
    hedged: flag(e.hedges.length > 0),
    negated: flag(e.negated),
    denied: flag(e.denied),
    main: flag(e.main),
    record: JSON.stringify(e),
    day: eventDay(e, published),
  };
}

export function claimRow(c: Claim, articleId: string): ClaimsTable {
  return {
    id: c.id,
    article_id: articleId,
    event_id: c.eventId ?? null,
    predicate: c.predicate,
    subject_id: c.subject.entityId ?? null,
    subject_name: c.subject.name,
    object_id: c.object?.entityId ?? null,
    object_name: c.object?.name ?? null,
    value: c.value ?? null,
    unit: c.unit ?? null,
    qualifier: c.qualifier ?? null,
    date: c.date?.value ?? null,
    admin1_code: c.place?.admin1Code ?? null,
    attribution: c.attribution?.source ?? null,
    record: JSON.stringify(c),
  };
}

/** Ids are `<articleId>:e<n>` / `:c<n>`: by length first, so e2 comes before e10. */
const idOrder = (table: "events" | "claims") => sql`length(${sql.ref(`${table}.id`)})`;

/** An article's events, in the order the analysis gave them. */
export async function eventsOf(store: Store, articleId: string): Promise<Event[]> {
  const rows = await store.db
    .selectFrom("events")
    .select("record")
    .where("article_id", "=", articleId)
    .orderBy(idOrder("events"))
    .orderBy("events.id")
    .execute();
  return rows.map((r) => JSON.parse(r.record) as Event);
}

export interface EventQuery {
  /** Parallax event type (`air-strike`). */
  type?: string;
  /** Inclusive dates, compared with the event's date or, when it has none, its article's analysed date. */
  from?: string;
  to?: string;
  /** ISO 3166-2 code of the event's governorate. */
  admin1?: string;
  /** Entity id of the acting party (`actor:sdf`). */
  actor?: string;
  article?: string;
  /** Only articles' main incidents (true) or only the others (false). */
  main?: boolean;
  /** Events of articles from this outlet (part of its name, any case). */
  outlet?: string;
  /** Default: every matching event. */
  limit?: number;
  offset?: number;
}

/** An event with what a list shows of its article. */
export interface EventRow {
  event: Event;
  outlet: string | null;
  /** The article's date: the input's own, else the one the analysis read in the text. */
  published: string | null;
  title: string | null;
  url: string | null;
}

/** Events by date (the event's own, else its article's), then id. */
export async function listEvents(store: Store, q: EventQuery = {}): Promise<EventRow[]> {
  const date = sql<string | null>`coalesce(events.date, analyses.published, articles.published)`;
  let query = store.db
    .selectFrom("events")
    .innerJoin("articles", "articles.id", "events.article_id")
    .leftJoin("analyses", "analyses.article_id", "events.article_id")
    .select(["events.record", "articles.outlet", "articles.title", "articles.url"])
    .select(sql<string | null>`coalesce(articles.published, analyses.published)`.as("published"))
    .orderBy(sql`${date} is null`)
    .orderBy(date)
    .orderBy("events.article_id")
    .orderBy(idOrder("events"))
    .orderBy("events.id");
  if (q.type !== undefined) query = query.where("events.type", "=", q.type);
  if (q.admin1 !== undefined) query = query.where("events.admin1_code", "=", q.admin1);
  if (q.actor !== undefined) query = query.where("events.actor_id", "=", q.actor);
  if (q.article !== undefined) query = query.where("events.article_id", "=", q.article);
  if (q.main !== undefined) query = query.where("events.main", "=", q.main ? 1 : 0);
  if (q.outlet !== undefined) query = query.where(outletLike, "like", outletPattern(q.outlet));
  if (q.from !== undefined) query = query.where(date, ">=", q.from);
  if (q.to !== undefined) query = query.where(date, "<", nextDay(q.to));
  if (q.limit !== undefined) query = query.limit(q.limit);
  if (q.offset) query = q.limit === undefined ? query.limit(-1).offset(q.offset) : query.offset(q.offset);
  const rows = await query.execute();
  return rows.map((r) => ({
    event: JSON.parse(r.record) as Event,
    outlet: r.outlet,
    published: r.published,
    title: r.title,
    url: r.url,
  }));
}

export interface ClaimQuery {
  article?: string;
  predicate?: string;
  /** Default: every matching claim. */
  limit?: number;
}

/** Claims by article, in the order the analysis gave them. */
export async function listClaims(store: Store, q: ClaimQuery = {}): Promise<Claim[]> {
  let query = store.db
    .selectFrom("claims")
    .select("record")
    .orderBy("claims.article_id")
    .orderBy(idOrder("claims"))
    .orderBy("claims.id");
  if (q.article !== undefined) query = query.where("claims.article_id", "=", q.article);
  if (q.predicate !== undefined) query = query.where("claims.predicate", "=", q.predicate);
  if (q.limit !== undefined) query = query.limit(q.limit);
  const rows = await query.execute();
  return rows.map((r) => JSON.parse(r.record) as Claim);
}

export interface EventPointQuery {
  type?: string;
  from?: string;
  to?: string;
  admin1?: string;
  /** Entity id of the acting party (`actor:sdf`). */
  actor?: string;
  /** Events this entity acts in, is targeted by, or that happen at it (a place). */
  entity?: string;
  /** Only the articles' main incidents (the default for maps), or only the others. */
  main?: boolean;
  /** Events of this story's articles. */
  story?: string;
  /** Events of articles from this outlet (part of its name, any case). */
  outlet?: string;
  /** Events of articles matching this FTS5 query. */
  q?: string;
  limit?: number;
  offset?: number;
}

/** An event as maps and timelines draw it: where, when, how deadly, and the story it belongs to. */
export interface EventPointRow {
  id: string;
  articleId: string;
  storyId: string | null;
  type: string;
  day: string | null;
  place: string | null;
  admin1Code: string | null;
  lat: number | null;
  lon: number | null;
  killed: number | null;
  injured: number | null;
  actor: string | null;
  target: string | null;
  outlet: string | null;
  text: string;
  main: boolean;
}

function eventPoints(store: Store, q: EventPointQuery) {
  const day = sql<string | null>`events.day`;
  let query = store.db
    .selectFrom("events")
    .innerJoin("articles", "articles.id", "events.article_id")
    .leftJoin("story_articles", "story_articles.article_id", "events.article_id");
  if (q.outlet !== undefined) query = query.where(outletLike, "like", outletPattern(q.outlet));
  if (q.q !== undefined) {
    const match = q.q;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom(sql<{ rowid: number }>`articles_fts`.as("f"))
          .whereRef(sql.ref("f.rowid"), "=", "articles.seq")
          .where(sql<boolean>`articles_fts match ${match}`)
          .select(sql`1`.as("one")),
      ),
    );
  }
  if (q.type !== undefined) query = query.where("events.type", "=", q.type);
  if (q.admin1 !== undefined) query = query.where("events.admin1_code", "=", q.admin1);
  if (q.main !== undefined) query = query.where("events.main", "=", q.main ? 1 : 0);
  if (q.actor !== undefined) query = query.where("events.actor_id", "=", q.actor);
  if (q.story !== undefined) query = query.where("story_articles.story_id", "=", q.story);
  if (q.from !== undefined) query = query.where(day, ">=", q.from);
  if (q.to !== undefined) query = query.where(day, "<", nextDay(q.to));
  if (q.entity !== undefined) {
    const id = q.entity;
    query = query.where((eb) =>
      eb.or([
        eb("events.actor_id", "=", id),
        eb("events.target_id", "=", id),
        eb(sql`json_extract(events.record, '$.location.entityId')`, "=", id),
      ]),
    );
  }
  return { query, day };
}

/** Events with their places, days and stories, by day (undated last). */
export async function listEventPoints(store: Store, q: EventPointQuery = {}): Promise<EventPointRow[]> {
  const { query, day } = eventPoints(store, q);
  const run = query
    .select([
      "events.id",
      "events.article_id",
      "story_articles.story_id",
      "events.type",
      "events.place_name",
      "events.admin1_code",
      "events.lat",
      "events.lon",
      "events.killed",
      "events.injured",
      "events.actor_name",
      "events.target_name",
      "articles.outlet",
      "events.main",
      sql<string>`json_extract(events.record, '$.text')`.as("text"),
    ])
    .select(day.as("day"))
    .orderBy(sql`${day} is null`)
    .orderBy(day)
    .orderBy("events.article_id")
    .orderBy(idOrder("events"))
    .limit(q.limit ?? -1)
    .offset(q.offset ?? 0);
  const rows = await run.execute().catch((e) => {
    throw searchError(e, q.q);
  });
  return rows.map((r) => ({
    id: r.id,
    articleId: r.article_id,
    storyId: r.story_id,
    type: r.type,
    day: r.day,
    place: r.place_name,
    admin1Code: r.admin1_code,
    lat: r.lat,
    lon: r.lon,
    killed: r.killed,
    injured: r.injured,
    actor: r.actor_name,
    target: r.target_name,
    outlet: r.outlet,
    text: r.text,
    main: r.main === 1,
  }));
}

export async function countEventPoints(store: Store, q: EventPointQuery = {}): Promise<number> {
  const { query } = eventPoints(store, q);
  const row = await query
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow()
    .catch((e) => {
      throw searchError(e, q.q);
    });
  return Number(row.n);
}

/** Events per day and type (dated events only), by day. */
export async function eventTimeline(
  store: Store,
  q: EventPointQuery = {},
): Promise<{ day: string; counts: Record<string, number> }[]> {
  const { query, day } = eventPoints(store, q);
  const rows = await query
    .select(["events.type", (eb) => eb.fn.countAll<number>().as("n")])
    .select(day.as("day"))
    .where(day, "is not", null)
    .groupBy([day, "events.type"])
    .orderBy(day)
    .execute()
    .catch((e) => {
      throw searchError(e, q.q);
    });
  const out: { day: string; counts: Record<string, number> }[] = [];
  for (const r of rows) {
    const d = r.day as string;
    if (out.at(-1)?.day !== d) out.push({ day: d, counts: {} });
    (out.at(-1) as { counts: Record<string, number> }).counts[r.type] = Number(r.n);
  }
  return out;
}

/** Every stored event. */
export async function countEvents(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom("events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
