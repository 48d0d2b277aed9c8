// Story linking on PostgreSQL: the linker's port over the link state held in memory, loaded whole when a process
// takes the linking lock and written back, batch by batch, in one transaction each. Only the holder of the lock
// links (src/pipeline/pg-link.ts), so the state in memory is the state in the database between two of its batches;
// an `epoch` counter in link_state tells a process whether someone else linked since it last held the lock.
//
// It reproduces what SQLite's StoryStore does row for row (the same story rows, keys, members, document
// frequencies and watermarks), so that the same articles in the same order make the same stories on both backends.

import { sql, type Transaction } from "kysely";
import { ReprintIndex, type Signature, unpackSignature } from "../ingest/minhash.js";
import type { StoryKey, StoryMember, StoryPort } from "../link/linker.js";
import { MemoryStoryPort } from "../link/memory.js";
import type { StoryProfile } from "../link/profile.js";
import type { AnalyzedArticle } from "../records.js";
import { getAnalyses } from "./analyses.js";
import { rowToArticle } from "./articles.js";
import { chunked, replaceById } from "./pg-writers.js";
import { JOB_SPAN } from "./queue.js";
import type { DB, ReprintsTable } from "./schema.js";
import type { PostgresStore } from "./sqlite.js";
import { storyRow } from "./stories.js";

/** The linker's watermarks, as SQLite's StoryStore keeps them in link_state (plus the epoch). */
export interface LinkState {
  /** Bumped by every write of the link state. */
  epoch: number;
  /** The highest article seq linked. */
  lastSeq: number;
  /** The article seq the last merge pass covered, and the articles linked since. */
  mergedSeq: number;
  sinceMerge: number;
}

export class PgStoryPort implements StoryPort {
  /** Profiles, the key/day index and memberships: the in-memory port does the lookups. */
  private readonly mem = new MemoryStoryPort();
  private readonly df = new Map<string, number>();
  private docs = 0;
  private readonly keys = new Map<string, StoryKey[]>();
  /** stories.thread_id as stored: a merge moves a thread in the table without touching profiles (as on SQLite). */
  private readonly threadColumn = new Map<string, string>();
  /** Members in article order, for "stories linked after seq". */
  private readonly order: { seq: number; articleId: string }[] = [];
  /** The seq of the article being linked (members are stored with it). */
  private current = 0;
  readonly reprints: ReprintIndex;

  // What changed since the last write.
  private readonly saved = new Set<string>();
  private readonly threadMoved = new Set<string>();
  private readonly deleted = new Set<string>();
  private moves: [into: string, from: string][] = [];
  private added: { article_id: string; score: number; reprint_of: string | null; seq: number }[] = [];
  private readonly terms = new Set<string>();
  private newReprints: ReprintsTable[] = [];

  private constructor(
    readonly state: LinkState,
    reprints: ReprintIndex,
  ) {
    this.reprints = reprints;
  }

  /** Reads the whole link state (stories, keys, members, document frequencies, recent signatures). */
  static async load(store: PostgresStore): Promise<PgStoryPort> {
    const { db } = store;
    const named = new Map(
      (await db.selectFrom("link_state").select(["name", "value"]).execute()).map((r) => [
        r.name,
        Number(r.value),
      ]),
    );
    const state: LinkState = {
      epoch: named.get("epoch") ?? 0,
      lastSeq: named.get("last_seq") ?? 0,
      mergedSeq: named.get("merged_seq") ?? 0,
      sinceMerge: named.get("since_merge") ?? 0,
    };
    const port = new PgStoryPort(state, await loadReprintIndex(store, state.lastSeq));
    port.docs = named.get("documents") ?? 0;
    const keysOf = new Map<string, StoryKey[]>();
    for (const k of await db.selectFrom("story_keys").select(["key", "day", "story_id"]).execute()) {
      const list = keysOf.get(k.story_id) ?? [];
      list.push({ key: k.key, day: k.day });
      keysOf.set(k.story_id, list);
    }
    for (const s of await db.selectFrom("stories").select(["id", "thread_id", "profile"]).execute()) {
      const keys = keysOf.get(s.id) ?? [];
      port.mem.saveStory(JSON.parse(s.profile) as StoryProfile, keys);
      port.keys.set(s.id, keys);
      port.threadColumn.set(s.id, s.thread_id);
    }
    const members = await db
      .selectFrom("story_articles")
      .select(["article_id", "story_id", "score", "reprint_of", "seq"])
      .orderBy("seq")
      .execute();
    for (const m of members) {
      port.mem.addMember(m.story_id, { articleId: m.article_id, score: m.score, reprintOf: m.reprint_of });
      port.order.push({ seq: Number(m.seq), articleId: m.article_id });
    }
    for (const t of await db.selectFrom("link_terms").select(["term", "df"]).execute())
      port.df.set(t.term, t.df);
    return port;
  }

  candidates(keys: readonly string[], from: string | null, to: string | null, limit: number): StoryProfile[] {
    return this.mem.candidates(keys, from, to, limit);
  }

  story(id: string): StoryProfile | null {
    return this.mem.story(id);
  }

  storyOf(articleId: string): string | null {
    return this.mem.storyOf(articleId);
  }

  documents(): number {
    return this.docs;
  }

  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  countDocument(terms: Iterable<string>): void {
    for (const t of new Set(terms)) {
      this.df.set(t, (this.df.get(t) ?? 0) + 1);
      this.terms.add(t);
    }
    this.docs++;
  }

  saveStory(p: StoryProfile, keys: readonly StoryKey[]): void {
    this.mem.saveStory(p, keys);
    this.keys.set(p.id, [...keys]);
    this.threadColumn.set(p.id, p.threadId);
    this.saved.add(p.id);
  }

  /** The article the next members are for: they are stored with its seq. */
  linking(seq: number): void {
    this.current = seq;
  }

  addMember(storyId: string, m: StoryMember): void {
    this.mem.addMember(storyId, m);
    this.order.push({ seq: this.current, articleId: m.articleId });
    this.added.push({ article_id: m.articleId, score: m.score, reprint_of: m.reprintOf, seq: this.current });
  }

  mergeStories(into: string, from: string): void {
    const thread = this.mem.story(into)?.threadId ?? into;
    this.mem.mergeStories(into, from);
    this.moves.push([into, from]);
    for (const [id, t] of this.threadColumn)
      if (t === from) {
        this.threadColumn.set(id, thread);
        this.threadMoved.add(id);
      }
    this.threadColumn.delete(from);
    this.keys.delete(from);
    this.saved.delete(from);
    this.threadMoved.delete(from);
    this.deleted.add(from);
  }

  /** Stories that gained an article after `seq`, in id order. */
  storiesLinkedAfter(seq: number): string[] {
    const ids = new Set<string>();
    for (let i = this.order.length - 1; i >= 0; i--) {
      const m = this.order[i] as { seq: number; articleId: string };
      if (m.seq <= seq) break;
      const s = this.mem.storyOf(m.articleId);
      if (s) ids.add(s);
    }
    return [...ids].sort();
  }

  /** A reprint found while linking, written with the batch. */
  addReprint(r: ReprintsTable): void {
    this.newReprints.push(r);
  }

  /** Whether anything is waiting to be written. */
  get changed(): boolean {
    return (
      this.saved.size + this.threadMoved.size + this.deleted.size + this.moves.length + this.added.length >
        0 || this.terms.size + this.newReprints.length > 0
    );
  }

  /**
   * Writes what changed since the last write and the watermarks, in the caller's transaction, and bumps the epoch.
   * If the transaction fails the port is out of step with the database: the caller drops it.
   */
  async write(trx: Transaction<DB>): Promise<void> {
    for (const [into, from] of this.moves)
      await trx.updateTable("story_articles").set({ story_id: into }).where("story_id", "=", from).execute();
    if (this.deleted.size > 0) {
      const gone = [...this.deleted];
      await trx.deleteFrom("stories").where("id", "in", gone).execute();
      await trx.deleteFrom("story_keys").where("story_id", "in", gone).execute();
    }
    const saved = [...this.saved].sort();
    const rows = saved.map((id) => {
      const row = storyRow(this.mem.story(id) as StoryProfile);
      return { ...row, thread_id: this.threadColumn.get(id) ?? row.thread_id, checked: 0 };
    });
    await replaceById(trx, "stories", rows);
    for (const id of [...this.threadMoved].sort())
      if (!this.saved.has(id))
        await trx
          .updateTable("stories")
          .set({ thread_id: this.threadColumn.get(id) as string })
          .where("id", "=", id)
          .execute();
    if (saved.length > 0) {
      for (const chunk of chunked(saved.map((id) => ({ id }))))
        await trx
          .deleteFrom("story_keys")
          .where(
            "story_id",
            "in",
            chunk.map((c) => c.id),
          )
          .execute();
      const keyRows = saved.flatMap((id) =>
        (this.keys.get(id) ?? []).map((k) => ({ key: k.key, day: k.day, story_id: id })),
      );
      for (const chunk of chunked(keyRows))
        await trx
          .insertInto("story_keys")
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .execute();
    }
    const members = this.added.map((m) => ({ ...m, story_id: this.mem.storyOf(m.article_id) as string }));
    for (const chunk of chunked(members)) await trx.insertInto("story_articles").values(chunk).execute();
    const terms = [...this.terms].map((term) => ({ term, df: this.df.get(term) ?? 0 }));
    for (const chunk of chunked(terms))
      await trx
        .insertInto("link_terms")
        .values(chunk)
        .onConflict((oc) => oc.column("term").doUpdateSet({ df: sql.ref("excluded.df") }))
        .execute();
    for (const chunk of chunked(this.newReprints))
      await trx
        .insertInto("reprints")
        .values(chunk)
        .onConflict((oc) => oc.doNothing())
        .execute();
    this.state.epoch++;
    const s = this.state;
    await trx
      .insertInto("link_state")
      .values([
        { name: "documents", value: this.docs },
        { name: "last_seq", value: s.lastSeq },
        { name: "merged_seq", value: s.mergedSeq },
        { name: "since_merge", value: s.sinceMerge },
        { name: "epoch", value: s.epoch },
      ])
      .onConflict((oc) => oc.column("name").doUpdateSet({ value: sql.ref("excluded.value") }))
      .execute();
    this.saved.clear();
    this.threadMoved.clear();
    this.deleted.clear();
    this.moves = [];
    this.added = [];
    this.terms.clear();
    this.newReprints = [];
  }
}

/** The link state's epoch as stored: a process whose loaded state has another epoch must load it again. */
export async function linkEpoch(store: PostgresStore): Promise<number> {
  const row = await store.db
    .selectFrom("link_state")
    .select("value")
    .where("name", "=", "epoch")
    .executeTakeFirst();
  return Number(row?.value ?? 0);
}

/** The reprint index over the latest linked articles, as SQLite's ArticleWriter builds it from the latest stored. */
async function loadReprintIndex(store: PostgresStore, upToSeq: number): Promise<ReprintIndex> {
  const index = new ReprintIndex();
  const rows = await store.db
    .selectFrom("articles")
    .select(["seq", "id", "shingles", "signature"])
    .where("signature", "is not", null)
    .where("seq", "<=", upToSeq)
    .orderBy("seq", "desc")
    .limit(index.capacity)
    .execute();
  for (const r of rows.reverse()) index.add(r.id, unpackSignature(r.signature as Uint8Array, r.shingles));
  return index;
}

/** An article to link, in canonical order, with its analysis and its signature for reprint matching. */
export interface PgLinkCandidate {
  seq: number;
  article: AnalyzedArticle;
  signature: Signature | null;
}

/**
 * Stored articles after seq `after` and before `before` (null: no bound), in seq order, at most `limit`, stopping
 * before the first one without an analysis (a worker writes both in one transaction, so there is none).
 */
export async function pgArticlesToLink(
  store: PostgresStore,
  after: number,
  before: number | null,
  limit: number,
): Promise<PgLinkCandidate[]> {
  let query = store.db
    .selectFrom("articles")
    .selectAll()
    .where("seq", ">", after)
    .orderBy("seq")
    .limit(limit);
  if (before !== null) query = query.where("seq", "<", before);
  const rows = await query.execute();
  const analyses = await getAnalyses(
    store,
    rows.map((r) => r.id),
  );
  const out: PgLinkCandidate[] = [];
  for (const r of rows) {
    const analysis = analyses.get(r.id);
    if (!analysis) break;
    out.push({
      seq: Number(r.seq),
      article: { ...rowToArticle(r as unknown as Record<string, unknown>), ...analysis },
      signature: r.signature ? unpackSignature(r.signature, r.shingles) : null,
    });
  }
  return out;
}

/** The outlets of stored articles (the source a reprint is counted with). */
export async function outletsOf(
  store: PostgresStore,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db
    .selectFrom("articles")
    .select(["id", "outlet"])
    .where("id", "in", [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.outlet]));
}

/** Drops every story, its index, the reprints found while linking and the link state: linking starts over. */
export async function clearPgStories(store: PostgresStore): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (const table of ["story_articles", "story_keys", "stories", "link_terms", "reprints"] as const)
      await trx.deleteFrom(table).execute();
    // The epoch survives (bumped), so a process holding an older state in memory loads it again.
    const epoch = Number(
      (await trx.selectFrom("link_state").select("value").where("name", "=", "epoch").executeTakeFirst())
        ?.value ?? 0,
    );
    await trx.deleteFrom("link_state").execute();
    await trx
      .insertInto("link_state")
      .values({ name: "epoch", value: epoch + 1 })
      .execute();
  });
}

/** Done jobs of the linkable run (before the first job not done) after the last article linked. */
export async function linkBacklog(store: PostgresStore): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from queue_jobs
    where state = 'done'
      and seq > coalesce((select value from link_state where name = 'last_seq'), 0) / ${JOB_SPAN}
      and seq < coalesce((select min(seq) from queue_jobs where state <> 'done'), 'infinity'::numeric)`.execute(
    store.db,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Whether the linker has anything to do: articles of done jobs to link (before the first job not done), or, once
 * every job is done, the last merge pass or cross-checks to run.
 */
export async function linkPending(store: PostgresStore): Promise<boolean> {
  const { rows } = await sql<{ pending: boolean }>`with s as (select
      coalesce((select value from link_state where name = 'last_seq'), 0) as last_seq,
      coalesce((select value from link_state where name = 'merged_seq'), 0) as merged_seq,
      (select min(seq) from queue_jobs where state <> 'done') as open)
    select exists (select 1 from articles, s where articles.seq > s.last_seq
        and (s.open is null or articles.seq < s.open * ${JOB_SPAN}))
      or ((select open from s) is null and ((select merged_seq < last_seq from s)
        or exists (select 1 from stories where checked = 0))) as pending`.execute(store.db);
  return rows[0]?.pending === true;
}
