// Events and claims in the store: one row per event (who did what to whom, where, when, with what toll) and per
// claim, with the columns lists filter on and the whole record as JSON. They are written with their article's
// analysis (AnalysisWriter in analyses.ts) and replaced with it.

import { sql } from "kysely";
import type { Claim, Event, EventPoint } from "../records.js";
import {
  articlesMatching,
  articlesOfOutlet,
  nextDay,
  outletLike,
  outletPattern,
  searchError,
} from "./articles.js";
import { jsonText, limitOrAll, noLimit } from "./dialect.js";
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

/** The events and claims of several articles at once, each article's in its own order. */
export async function recordsOf(
  store: Store,
  articleIds: readonly string[],
): Promise<{ events: Map<string, Event[]>; claims: Map<string, Claim[]> }> {
  const events = new Map<string, Event[]>();
  const claims = new Map<string, Claim[]>();
  if (articleIds.length === 0) return { events, claims };
  const ids = [...articleIds];
  const ev = await store.db
    .selectFrom("events")
    .select(["article_id", "record"])
    .where("article_id", "in", ids)
    .orderBy("article_id")
    .orderBy(idOrder("events"))
    .orderBy("events.id")
    .execute();
  for (const r of ev) {
    const list = events.get(r.article_id) ?? [];
    list.push(JSON.parse(r.record) as Event);
    events.set(r.article_id, list);
  }
  const cl = await store.db
    .selectFrom("claims")
    .select(["article_id", "record"])
    .where("article_id", "in", ids)
    .orderBy("article_id")
    .orderBy(idOrder("claims"))
    .orderBy("claims.id")
    .execute();
  for (const r of cl) {
    const list = claims.get(r.article_id) ?? [];
    list.push(JSON.parse(r.record) as Claim);
    claims.set(r.article_id, list);
  }
  return { events, claims };
}

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
  if (q.offset)
    query = q.limit === undefined ? query.limit(noLimit(store)).offset(q.offset) : query.offset(q.offset);
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

/**
 * The events matching a query, from the events table alone: filters on other tables are subqueries, so that counts,
 * per-day groups and pages run on the events' own indexes ((main, day, type), (day, type)) and never join a
 * million rows.
 */
function matching(store: Store, q: EventPointQuery) {
  let query = store.db.selectFrom("events");
  if (q.type !== undefined) query = query.where("events.type", "=", q.type);
  if (q.admin1 !== undefined) query = query.where("events.admin1_code", "=", q.admin1);
  if (q.main !== undefined) query = query.where("events.main", "=", q.main ? 1 : 0);
  if (q.actor !== undefined) query = query.where("events.actor_id", "=", q.actor);
  if (q.from !== undefined) query = query.where("events.day", ">=", q.from);
  if (q.to !== undefined) query = query.where("events.day", "<", nextDay(q.to));
  if (q.story !== undefined) {
    const story = q.story;
    query = query.where("events.article_id", "in", (eb) =>
      eb.selectFrom("story_articles").select("article_id").where("story_id", "=", story),
    );
  }
  if (q.outlet !== undefined)
    query = query.where("events.article_id", "in", articlesOfOutlet(store, q.outlet));
  if (q.q !== undefined) query = query.where("events.article_id", "in", articlesMatching(store, q.q));
  if (q.entity !== undefined) {
    const id = q.entity;
    query = query.where((eb) =>
      eb.or([
        eb("events.actor_id", "=", id),
        eb("events.target_id", "=", id),
        eb(jsonText(store, "events.record", "$.location.entityId"), "=", id),
      ]),
    );
  }
  return query;
}

const searching =
  (q: { q?: string }) =>
  (e: unknown): never => {
    throw searchError(e, q.q);
  };

/** Events with their places, days and stories, by day (undated last), then article and order in it. */
export async function listEventPoints(store: Store, q: EventPointQuery = {}): Promise<EventPoint[]> {
  const limit = q.limit ?? -1;
  const offset = q.offset ?? 0;
  // The page's ids first, dated ones in day order along the index, then undated ones if the page has room.
  const page = (dated: boolean, lim: number, off: number) =>
    matching(store, q)
      .select("events.id")
      .where("events.day", dated ? "is not" : "is", null)
      .$if(dated, (x) => x.orderBy("events.day"))
      .orderBy("events.article_id")
      .orderBy(idOrder("events"))
      .orderBy("events.id")
      .limit(limitOrAll(store, lim))
      .offset(off)
      .execute()
      .catch(searching(q));
  const ids = (await page(true, limit, offset)).map((r) => r.id);
  if (limit < 0 || ids.length < limit) {
    const dated =
      ids.length > 0 || offset === 0
        ? offset + ids.length
        : await matching(store, q)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("events.day", "is not", null)
            .executeTakeFirstOrThrow()
            .then((r) => Number(r.n));
    const rest = limit < 0 ? -1 : limit - ids.length;
    for (const r of await page(false, rest, Math.max(0, offset - dated))) ids.push(r.id);
  }
  if (ids.length === 0) return [];
  const rows = await store.db
    .selectFrom("events")
    .innerJoin("articles", "articles.id", "events.article_id")
    .leftJoin("story_articles", "story_articles.article_id", "events.article_id")
    .select([
      "events.id",
      "events.article_id",
      "story_articles.story_id",
      "events.type",
      "events.day",
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
      jsonText<string>(store, "events.record", "$.text").as("text"),
    ])
    .where("events.id", "in", ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
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
      },
    ];
  });
}

export async function countEventPoints(store: Store, q: EventPointQuery = {}): Promise<number> {
  const row = await matching(store, q)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow()
    .catch(searching(q));
  return Number(row.n);
}

/** Events per day and type (dated events only), by day. */
export async function eventTimeline(
  store: Store,
  q: EventPointQuery = {},
): Promise<{ day: string; counts: Record<string, number> }[]> {
  const rows = await matching(store, q)
    .select(["events.day", "events.type", (eb) => eb.fn.countAll<number>().as("n")])
    .where("events.day", "is not", null)
    .groupBy(["events.day", "events.type"])
    .orderBy("events.day")
    .execute()
    .catch(searching(q));
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
