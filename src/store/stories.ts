// Stories in the store: the linker's port (story profiles, the key/day index, document frequencies) over SQLite
// prepared statements, and the queries the CLI and API read stories with.

import type { Kysely, Selectable } from "kysely";
import { sql } from "kysely";
import type { StoryKey, StoryMember, StoryPort } from "../link/linker.js";
import { type StoryProfile, storyDays, top } from "../link/profile.js";
import type { AnalyzedArticle, Story, StoryArticle, StoryCheck } from "../records.js";
import { type Analysis, getAnalyses, getAnalysis } from "./analyses.js";
import { articlesMatching, articlesOfOutlet, nextDay, rowToArticle, searchError } from "./articles.js";
import { likeAsSqlite, limitOrAll } from "./dialect.js";
import type { DB, StoriesTable } from "./schema.js";
import { type SqliteStore, type Store, sqliteOf } from "./sqlite.js";

/** Story profiles the linker's port keeps in memory (see StoryStore.remember). */
const PROFILES_CACHED = 5000;

/** The linker's port over the store. Profiles and document frequencies are cached: linking reads them constantly. */
export class StoryStore implements StoryPort {
  private readonly s: ReturnType<typeof statements>;
  private readonly profiles = new Map<string, StoryProfile>();
  private readonly df = new Map<string, number>();
  /** Document counts not written yet (inside `inTransaction`), by word. */
  private readonly pendingDf = new Map<string, number>();
  private deferred = false;
  /** The index keys ("key\0day") each cached profile was last saved with. */
  private savedKeys = new WeakMap<StoryProfile, { id: string; keys: Set<string> }>();
  private docs: number;

  private readonly sqlite: SqliteStore["sqlite"];

  constructor(
    store: SqliteStore,
    private readonly cached = PROFILES_CACHED,
  ) {
    this.sqlite = store.sqlite;
    this.s = statements(store);
    this.docs = this.state("documents");
  }

  candidates(keys: readonly string[], from: string | null, to: string | null, limit: number): StoryProfile[] {
    const rows = (
      from !== null && to !== null
        ? this.s.candidates.all(JSON.stringify(keys), from, to, limit)
        : this.s.candidatesAnyDay.all(JSON.stringify(keys), limit)
    ) as { story_id: string }[];
    const out: StoryProfile[] = [];
    for (const r of rows) {
      const p = this.story(r.story_id);
      if (p) out.push(p);
    }
    return out;
  }

  story(id: string): StoryProfile | null {
    let p = this.profiles.get(id);
    if (p) {
      this.remember(p); // a hit moves to the back of the order: least recently used out first
      return p;
    }
    const row = this.s.profile.get(id) as { profile: string } | undefined;
    if (!row) return null;
    p = JSON.parse(row.profile) as StoryProfile;
    this.remember(p);
    return p;
  }

  /**
   * Keeps a profile in the cache, dropping the least recently used beyond `cached` (PROFILES_CACHED): the linker works on the
   * stories of the last weeks; older ones are read again when needed. The bound is what keeps the linking
   * thread's memory flat as the store grows (a profile with its lookups is ~30 KB in memory).
   */
  private remember(p: StoryProfile): void {
    this.profiles.delete(p.id);
    this.profiles.set(p.id, p);
    if (this.profiles.size > this.cached) {
      const oldest = this.profiles.keys().next().value as string;
      this.profiles.delete(oldest);
    }
  }

  storyOf(articleId: string): string | null {
    return (this.s.storyOf.get(articleId) as { story_id: string } | undefined)?.story_id ?? null;
  }

  documents(): number {
    return this.docs;
  }

  documentFrequency(term: string): number {
    let n = this.df.get(term);
    if (n === undefined) {
      n = (this.s.df.get(term) as { df: number } | undefined)?.df ?? 0;
      if (this.df.size >= 500_000) {
        // The cache holds counts not written yet: written first (in the transaction), so none is lost.
        if (this.deferred) this.flushCounts();
        this.df.clear();
      }
      this.df.set(term, n);
    }
    return n;
  }

  countDocument(terms: Iterable<string>): void {
    for (const t of new Set(terms)) {
      // Read before the bump: a term not cached yet would otherwise be read back already counted, and counted twice.
      const n = this.documentFrequency(t);
      if (this.deferred) this.pendingDf.set(t, (this.pendingDf.get(t) ?? 0) + 1);
      else this.s.bumpDf.run(t, 1);
      this.df.set(t, n + 1);
    }
    this.docs++;
    if (!this.deferred) this.s.setState.run("documents", this.docs);
  }

  /** Writes the document counts held back during `inTransaction`: one upsert per word per batch, not per article. */
  private flushCounts(): void {
    for (const [t, n] of this.pendingDf) this.s.bumpDf.run(t, n);
    this.pendingDf.clear();
    this.s.setState.run("documents", this.docs);
  }

  saveStory(p: StoryProfile, keys: readonly StoryKey[]): void {
    this.s.upsertStory.run(storyRow(p));
    // The index rows a story had when this profile was last saved: only the keys that changed are written.
    const now = new Set<string>();
    for (const k of keys) now.add(`${k.key}\u0000${k.day}`);
    const before = this.savedKeys.get(p);
    if (before && before.id === p.id) {
      for (const k of before.keys)
        if (!now.has(k)) {
          const i = k.indexOf("\u0000");
          this.s.deleteKey.run(k.slice(0, i), k.slice(i + 1), p.id);
        }
      for (const k of now)
        if (!before.keys.has(k)) {
          const i = k.indexOf("\u0000");
          this.s.insertKey.run(k.slice(0, i), k.slice(i + 1), p.id);
        }
    } else {
      this.s.deleteKeys.run(p.id);
      for (const k of keys) this.s.insertKey.run(k.key, k.day, p.id);
    }
    this.savedKeys.set(p, { id: p.id, keys: now });
    this.remember(p);
  }

  addMember(storyId: string, m: StoryMember): void {
    this.s.addMember.run(m.articleId, storyId, m.score, m.reprintOf, m.articleId);
  }

  mergeStories(into: string, from: string): void {
    this.s.moveMembers.run(into, from);
    const thread = this.story(into)?.threadId ?? into;
    this.s.moveThread.run(thread, from);
    this.s.deleteKeys.run(from);
    this.s.deleteStory.run(from);
    const gone = this.profiles.get(from);
    if (gone) this.savedKeys.delete(gone);
    this.profiles.delete(from);
  }

  /** Runs `fn` in one transaction: a batch of links, or a merge pass, is written whole or not at all. */
  inTransaction(fn: () => void): void {
    // Document counts are written once per word at the end of the transaction (they are read from the cache
    // meanwhile); a failed transaction leaves the caches out of step with the store: they are dropped.
    if (this.deferred) {
      this.sqlite.transaction(fn)(); // nested: a savepoint; the outer transaction writes the counts
      return;
    }
    this.deferred = true;
    try {
      this.sqlite.transaction(() => {
        fn();
        this.flushCounts();
      })();
    } catch (e) {
      this.pendingDf.clear();
      this.df.clear();
      this.profiles.clear();
      this.savedKeys = new WeakMap();
      this.docs = this.state("documents");
      throw e;
    } finally {
      this.deferred = false;
    }
  }

  /** The highest article seq linked so far: everything at or below it is in a story (or was never analysed). */
  lastLinked(): number {
    return this.state("last_seq");
  }

  setLastLinked(seq: number): void {
    this.s.setState.run("last_seq", seq);
  }

  /** The article seq the last merge pass covered, and the articles linked since. */
  mergedUpTo(): { seq: number; since: number } {
    return { seq: this.state("merged_seq"), since: this.state("since_merge") };
  }

  setMergedUpTo(seq: number, since: number): void {
    this.s.setState.run("merged_seq", seq);
    this.s.setState.run("since_merge", since);
  }

  /** Stories that gained an article after `seq`, in id order. */
  storiesLinkedAfter(seq: number): string[] {
    return (this.s.linkedAfter.all(seq) as { story_id: string }[]).map((r) => r.story_id);
  }

  private state(name: string): number {
    return (this.s.state.get(name) as { value: number } | undefined)?.value ?? 0;
  }
}

/** A story's row as the linker saves it (the cross-check columns aside). */
export function storyRow(p: StoryProfile) {
  const days = storyDays(p);
  const location = p.locations[top(p.placeIds) ?? ""] ?? null;
  return {
    id: p.id,
    thread_id: p.threadId,
    title: p.headline,
    event_day: days.event,
    first_day: days.first,
    last_day: days.last,
    admin1_code: location?.admin1Code ?? top(p.admin1),
    place_id: location?.entityId ?? null,
    event_type: top(p.types),
    articles: p.articles,
    sources: p.sources.length,
    profile: JSON.stringify(p),
    killed_min: p.killed.length ? Math.min(...p.killed) : null,
    killed_max: p.killed.length ? Math.max(...p.killed) : null,
  };
}

function statements(store: SqliteStore) {
  const q = (sql: string) => store.sqlite.prepare(sql);
  return {
    candidates: q(`select story_id, count(*) as n from story_keys
      where key in (select value from json_each(?)) and day between ? and ?
      group by story_id order by n desc, story_id limit ?`),
    candidatesAnyDay: q(`select story_id, count(*) as n from story_keys
      where key in (select value from json_each(?))
      group by story_id order by n desc, story_id limit ?`),
    profile: q("select profile from stories where id = ?"),
    storyOf: q("select story_id from story_articles where article_id = ?"),
    df: q("select df from link_terms where term = ?"),
    bumpDf: q(
      "insert into link_terms (term, df) values (?, ?) on conflict(term) do update set df = df + excluded.df",
    ),
    state: q("select value from link_state where name = ?"),
    setState: q(
      "insert into link_state (name, value) values (?, ?) on conflict(name) do update set value = excluded.value",
    ),
    upsertStory:
      q(`insert into stories (id, thread_id, title, event_day, first_day, last_day, admin1_code, place_id,
        event_type, articles, sources, profile, killed_min, killed_max, checked)
      values (@id, @thread_id, @title, @event_day, @first_day, @last_day, @admin1_code, @place_id, @event_type,
        @articles, @sources, @profile, @killed_min, @killed_max, 0)
      on conflict(id) do update set thread_id = excluded.thread_id, title = excluded.title,
        event_day = excluded.event_day, first_day = excluded.first_day, last_day = excluded.last_day,
        admin1_code = excluded.admin1_code, place_id = excluded.place_id, event_type = excluded.event_type,
        articles = excluded.articles, sources = excluded.sources, profile = excluded.profile,
        killed_min = excluded.killed_min, killed_max = excluded.killed_max, checked = 0`),
    deleteKeys: q("delete from story_keys where story_id = ?"),
    deleteKey: q("delete from story_keys where key = ? and day = ? and story_id = ?"),
    insertKey: q("insert or ignore into story_keys (key, day, story_id) values (?, ?, ?)"),
    addMember: q(`insert into story_articles (article_id, story_id, score, reprint_of, seq)
      select ?, ?, ?, ?, seq from articles where id = ?`),
    moveMembers: q("update story_articles set story_id = ? where story_id = ?"),
    moveThread: q("update stories set thread_id = ? where thread_id = ?"),
    deleteStory: q("delete from stories where id = ?"),
    linkedAfter: q("select distinct story_id from story_articles where seq > ? order by story_id"),
  };
}

/** An analysed article waiting to be linked, with what the linker needs from the store about it. */
export interface LinkCandidate {
  seq: number;
  id: string;
  /** The article with its analysis, read from the store (null when the caller said it has it). */
  article: AnalyzedArticle | null;
  /** The article it reprints and that article's outlet, when the ingest recognised a copy. */
  reprintOf: { articleId: string; outlet: string | null } | null;
}

/**
 * Analysed, unlinked articles in storage order after `afterSeq`, stopping before the first stored article that is
 * not analysed yet: articles are linked in the order they were stored, so the stories never depend on which
 * analysis thread finished first.
 */
export async function articlesToLink(
  store: Store,
  afterSeq: number,
  limit: number,
  /** Articles the caller already has what it needs of in memory (the ingest just wrote them): not read back. */
  known?: { has(id: string): boolean },
): Promise<LinkCandidate[]> {
  const sqlite = sqliteOf(store, "articlesToLink");
  const gap = sqlite
    .prepare(
      `select min(a.seq) as seq from articles a left join analyses n on n.article_id = a.id
       where a.seq > ? and n.article_id is null`,
    )
    .get(afterSeq) as { seq: number | null };
  const rows = sqlite
    .prepare(
      `select a.seq, a.id, r.original_id, o.outlet as original_outlet from articles a
       join analyses n on n.article_id = a.id
       left join story_articles s on s.article_id = a.id
       left join reprints r on r.article_id = a.id
       left join articles o on o.id = r.original_id
       where a.seq > ? and a.seq < ? and s.article_id is null
       order by a.seq limit ?`,
    )
    .all(afterSeq, gap.seq ?? Number.MAX_SAFE_INTEGER, limit) as {
    seq: number;
    id: string;
    original_id: string | null;
    original_outlet: string | null;
  }[];
  const full = sqlite.prepare("select * from articles where id = ?");
  const out: LinkCandidate[] = [];
  for (const r of rows) {
    let article: AnalyzedArticle | null = null;
    if (!known?.has(r.id)) {
      const analysis = (await getAnalysis(store, r.id)) as Analysis;
      article = { ...rowToArticle(full.get(r.id) as Record<string, unknown>), ...analysis };
    }
    out.push({
      seq: r.seq,
      id: r.id,
      article,
      reprintOf: r.original_id ? { articleId: r.original_id, outlet: r.original_outlet } : null,
    });
  }
  return out;
}

export interface StoryQuery {
  from?: string;
  to?: string;
  /** ISO code of a governorate. */
  admin1?: string;
  /** Stories with an article from this outlet (part of its name, any case, as for articles). */
  outlet?: string;
  /** The story's main event type (knowledge/events.json id). */
  type?: string;
  /** Stories with an article matching this FTS5 query. */
  q?: string;
  /** "recent" (default): latest incident first; "sources": most independent sources first; "deaths": highest toll. */
  order?: "recent" | "sources" | "deaths";
  limit?: number;
  offset?: number;
}

type StoryRow = Selectable<StoriesTable>;

function filtered(store: Store, q: StoryQuery) {
  let query = store.db.selectFrom("stories");
  if (q.from) query = query.where("last_day", ">=", q.from);
  if (q.to) query = query.where("first_day", "<", nextDay(q.to));
  if (q.admin1) query = query.where("admin1_code", "=", q.admin1);
  if (q.type) query = query.where("event_type", "=", q.type);
  // Stories with an article of the outlet, or an article the text query matches.
  for (const articles of [
    q.outlet ? articlesOfOutlet(store, q.outlet) : null,
    q.q ? articlesMatching(store, q.q) : null,
  ]) {
    if (!articles) continue;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("story_articles")
          .whereRef("story_articles.story_id", "=", "stories.id")
          .where("story_articles.article_id", "in", articles)
          .select("story_articles.article_id"),
      ),
    );
  }
  return query;
}

/** Runs a query that may carry an FTS5 expression: a syntax error in it is the user's, not a crash. */
async function withSearch<T>(q: { q?: string }, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw searchError(e, q.q);
  }
}

/** Stories, newest event first (or most sources, or highest toll first), with their articles: three queries. */
export async function listStories(store: Store, q: StoryQuery = {}): Promise<Story[]> {
  return (await listStoryRows(store, q)).map((r) => r.story);
}

/** A story with its cross-check verdict counts, when computed (`checked`). */
export interface ListedStory {
  /** With `perStory`, its articles are cut to the first few (`articleCount` says how many it has). */
  story: Story;
  articleCount: number;
  checked: boolean;
  check: StoryCheck | null;
}

export async function listStoryRows(
  store: Store,
  q: StoryQuery = {},
  perStory?: number,
): Promise<ListedStory[]> {
  const query = filtered(store, q).selectAll();
  const ordered =
    q.order === "sources"
      ? query.orderBy("sources", "desc").orderBy("articles", "desc")
      : q.order === "deaths"
        ? query.orderBy(sql`killed_max is null`).orderBy("killed_max", "desc")
        : query;
  const rows = await withSearch(q, () =>
    ordered
      .orderBy(sql`event_day is null`)
      .orderBy("event_day", "desc")
      .orderBy("id")
      .limit(limitOrAll(store, q.limit))
      .offset(q.offset ?? 0)
      .execute(),
  );
  return storiesOf(store, rows, perStory);
}

/** How many stories match (for paging). */
export async function countMatchingStories(store: Store, q: StoryQuery = {}): Promise<number> {
  const row = await withSearch(q, () =>
    filtered(store, q)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}

/** One story with its articles (in the order they joined), or null. Accepts an id prefix of 6+ characters. */
export async function getStory(store: Store, id: string): Promise<Story | null> {
  return (await getStoryRow(store, id))?.story ?? null;
}

export async function getStoryRow(store: Store, id: string): Promise<ListedStory | null> {
  let row = await store.db.selectFrom("stories").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row && id.length >= 6) {
    const hits = await store.db
      .selectFrom("stories")
      .selectAll()
      .where(likeAsSqlite(store, sql`id`, `${id}%`))
      .limit(2)
      .execute();
    if (hits.length === 1) row = hits[0];
  }
  if (!row) return null;
  return (await storiesOf(store, [row]))[0] ?? null;
}

/** Records the cross-check's verdict counts for a story (null: nothing to compare, one source). */
// These few writes and reads are not on a hot path: Kysely's builder serves both backends alike.
export async function saveStoryCheck(store: Store, id: string, check: StoryCheck | null): Promise<void> {
  await saveStoryChecks(store, [[id, check]]);
}

/** Saves many stories' verdict counts in one transaction. */
export async function saveStoryChecks(
  store: Store,
  checks: readonly (readonly [string, StoryCheck | null])[],
): Promise<void> {
  const save = async (db: Kysely<DB>) => {
    for (const [id, check] of checks)
      await db
        .updateTable("stories")
        .set({
          checked: 1,
          check_agreed: check?.agreed ?? null,
          check_compatible: check?.compatible ?? null,
          check_conflicting: check?.conflicting ?? null,
          check_single: check?.single ?? null,
        })
        .where("id", "=", id)
        .execute();
  };
  if (checks.length === 1) await save(store.db);
  else await store.db.transaction().execute(save);
}

/** Stories of one source have nothing to cross-check: counted as checked, with no verdict counts. */
export async function markSingleSourceChecked(store: Store): Promise<void> {
  await store.db
    .updateTable("stories")
    .set({ checked: 1 })
    .where("checked", "=", 0)
    .where("sources", "<", 2)
    .execute();
}

/** Stories whose verdict counts are not computed for their current articles. */
export async function uncheckedStories(store: Store): Promise<string[]> {
  const rows = await store.db
    .selectFrom("stories")
    .select("id")
    .where("checked", "=", 0)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Stories from their rows: the members and their other input ids in one query each, whatever the count. */
async function storiesOf(store: Store, rows: readonly StoryRow[], perStory?: number): Promise<ListedStory[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const all = store.db
    .selectFrom("story_articles")
    .innerJoin("articles", "articles.id", "story_articles.article_id")
    .select([
      "story_articles.story_id",
      "articles.id",
      "articles.source_id",
      "articles.outlet",
      "articles.published",
      "articles.title",
      "story_articles.reprint_of",
      "story_articles.score",
      "story_articles.seq",
    ])
    .where("story_articles.story_id", "in", ids);
  // A list needs a story's first few articles, not the thousand reprints of a wire story.
  const members =
    perStory === undefined
      ? await all.orderBy("story_articles.story_id").orderBy("story_articles.seq").execute()
      : await store.db
          .selectFrom(
            all
              .select((eb) =>
                eb.fn
                  .agg<number>("row_number")
                  .over((ob) => ob.partitionBy("story_articles.story_id").orderBy("story_articles.seq"))
                  .as("n"),
              )
              .as("m"),
          )
          .selectAll()
          .where("m.n", "<=", perStory)
          .orderBy("m.story_id")
          .orderBy("m.seq")
          .execute();
  const outletsOf = new Map<string, Set<string>>();
  const outletRows =
    perStory === undefined
      ? members
      : await store.db
          .selectFrom("story_articles")
          .innerJoin("articles", "articles.id", "story_articles.article_id")
          .select(["story_articles.story_id", "articles.outlet"])
          .distinct()
          .where("story_articles.story_id", "in", ids)
          .execute();
  for (const o of outletRows) {
    if (o.outlet === null) continue;
    const set = outletsOf.get(o.story_id) ?? new Set<string>();
    set.add(o.outlet);
    outletsOf.set(o.story_id, set);
  }
  // An article the input held under several records (the same text with two ids) is listed once per record, so
  // that every input id can be found in its story.
  const origins = members.length
    ? await store.db
        .selectFrom("article_origins")
        .select(["article_id", "source_id", "outlet"])
        .where(
          "article_id",
          "in",
          members.map((m) => m.id),
        )
        .where("source_id", "is not", null)
        .orderBy("article_id")
        .orderBy("origin_key")
        .execute()
    : [];
  const originsOf = new Map<string, typeof origins>();
  for (const o of origins) {
    const list = originsOf.get(o.article_id) ?? [];
    list.push(o);
    originsOf.set(o.article_id, list);
  }
  const membersOf = new Map<string, typeof members>();
  for (const m of members) {
    const list = membersOf.get(m.story_id) ?? [];
    list.push(m);
    membersOf.set(m.story_id, list);
  }
  return rows.map((row) => {
    const own = membersOf.get(row.id) ?? [];
    const articles: StoryArticle[] = own.flatMap((m) => {
      const first: StoryArticle = {
        id: m.id,
        sourceId: m.source_id,
        outlet: m.outlet,
        published: m.published,
        title: m.title,
        reprintOf: m.reprint_of,
        score: m.score,
      };
      const seen = new Set([m.source_id]);
      const more: StoryArticle[] = [];
      for (const o of originsOf.get(m.id) ?? []) {
        if (seen.has(o.source_id)) continue;
        seen.add(o.source_id);
        more.push({ ...first, sourceId: o.source_id, outlet: o.outlet ?? m.outlet });
      }
      return [first, ...more];
    });
    const p = JSON.parse(row.profile) as Pick<StoryProfile, "locations" | "placeIds">;
    const story: Story = {
      id: row.id,
      threadId: row.thread_id,
      title: row.title,
      articles,
      outlets: [...(outletsOf.get(row.id) ?? [])].sort(),
      sources: row.sources,
      location: p.locations[top(p.placeIds) ?? ""] ?? null,
      dates: { event: row.event_day, first: row.first_day, last: row.last_day },
      eventType: row.event_type,
      killed:
        row.killed_min !== null && row.killed_max !== null
          ? { min: row.killed_min, max: row.killed_max }
          : null,
    };
    const checked = row.checked === 1;
    const check: StoryCheck | null =
      checked && row.check_agreed !== null
        ? {
            agreed: row.check_agreed,
            compatible: row.check_compatible ?? 0,
            conflicting: row.check_conflicting ?? 0,
            single: row.check_single ?? 0,
          }
        : null;
    return { story, checked, check, articleCount: row.articles };
  });
}

/** The story an article is in, or null when it is not linked yet. */
export async function storyOfArticle(store: Store, articleId: string): Promise<string | null> {
  const row = await store.db
    .selectFrom("story_articles")
    .select("story_id")
    .where("article_id", "=", articleId)
    .executeTakeFirst();
  return row?.story_id ?? null;
}

/** The other stories of a story's campaign thread. */
export async function threadOf(
  store: Store,
  story: Story,
): Promise<{ id: string; title: string | null; day: string | null }[]> {
  const rows = await store.db
    .selectFrom("stories")
    .select(["id", "title", "event_day"])
    .where("thread_id", "=", story.threadId)
    .where("id", "!=", story.id)
    .orderBy("event_day", (o) => o.asc().nullsFirst())
    .orderBy("id")
    .limit(50)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, day: r.event_day }));
}

/** A story's articles with their analyses, for the cross-check: five queries whatever the story's size. */
export async function storyAnalyses(
  store: Store,
  story: Story,
): Promise<{ article: AnalyzedArticle; reprintOf: string | null }[]> {
  // An article is listed once per input record; it is compared once.
  const members = [...new Map(story.articles.map((m) => [m.id, m])).values()];
  const ids = members.map((m) => m.id);
  if (ids.length === 0) return [];
  const rows = await store.db.selectFrom("articles").selectAll().where("id", "in", ids).execute();
  const articles = new Map(rows.map((r) => [r.id, rowToArticle(r as unknown as Record<string, unknown>)]));
  const analyses = await getAnalyses(store, ids);
  return members.flatMap((m) => {
    const article = articles.get(m.id);
    const analysis = analyses.get(m.id);
    return article && analysis ? [{ article: { ...article, ...analysis }, reprintOf: m.reprintOf }] : [];
  });
}

/** Drops every story, its index and the linker's state, so that everything is linked again from the first article. */
export function clearStories(store: Store): void {
  sqliteOf(store, "clearStories").exec(
    "delete from story_articles; delete from story_keys; delete from stories; delete from link_terms; delete from link_state;",
  );
}

export async function countStories(store: Store): Promise<{ stories: number; linked: number }> {
  const s = await store.db
    .selectFrom("stories")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  const l = await store.db
    .selectFrom("story_articles")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return { stories: Number(s?.n ?? 0), linked: Number(l?.n ?? 0) };
}

/** What story filters can offer: days covered, main event types, governorates, with story counts. */
export async function storyFacets(store: Store): Promise<{
  first: string | null;
  last: string | null;
  types: { type: string; stories: number }[];
  admin1: { code: string; stories: number }[];
}> {
  const days = await store.db
    .selectFrom("stories")
    .select((eb) => [eb.fn.min("first_day").as("first"), eb.fn.max("last_day").as("last")])
    .executeTakeFirst();
  const types = await store.db
    .selectFrom("stories")
    .select(["event_type", (eb) => eb.fn.countAll<number>().as("n")])
    .where("event_type", "is not", null)
    .groupBy("event_type")
    .orderBy("n", "desc")
    .orderBy("event_type")
    .execute();
  const admin1 = await store.db
    .selectFrom("stories")
    .select(["admin1_code", (eb) => eb.fn.countAll<number>().as("n")])
    .where("admin1_code", "is not", null)
    .groupBy("admin1_code")
    .orderBy("n", "desc")
    .orderBy("admin1_code")
    .execute();
  return {
    first: (days?.first as string | null) ?? null,
    last: (days?.last as string | null) ?? null,
    types: types.map((t) => ({ type: t.event_type as string, stories: Number(t.n) })),
    admin1: admin1.map((a) => ({ code: a.admin1_code as string, stories: Number(a.n) })),
  };
}

/** The latest stories told by two or more independent sources (for outlet-wide cross-check figures). */
export async function multiSourceStoryIds(store: Store, limit: number): Promise<string[]> {
  const rows = await store.db
    .selectFrom("stories")
    .select("id")
    .where("sources", ">=", 2)
    .orderBy(sql`event_day is null`)
    .orderBy("event_day", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Stories holding articles stored after article seq `seq` (what one ingest touched), most sources first. */
export async function storiesStoredAfter(
  store: Store,
  seq: number,
  limit: number,
): Promise<{ id: string; title: string | null; sources: number }[]> {
  return store.db
    .selectFrom("stories")
    .select(["id", "title", "sources"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("story_articles")
          .whereRef("story_articles.story_id", "=", "stories.id")
          .where("story_articles.seq", ">", seq)
          .select("story_articles.article_id"),
      ),
    )
    .orderBy("sources", "desc")
    .orderBy("articles", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** The highest article seq stored so far (0 for an empty store). */
export async function lastArticleSeq(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom("articles")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** The story of each of these articles (those linked). */
export async function storiesOfArticles(
  store: Store,
  articleIds: readonly string[],
): Promise<Map<string, string>> {
  if (articleIds.length === 0) return new Map();
  const rows = await store.db
    .selectFrom("story_articles")
    .select(["article_id", "story_id"])
    .where("article_id", "in", [...articleIds])
    .execute();
  return new Map(rows.map((r) => [r.article_id, r.story_id]));
}
