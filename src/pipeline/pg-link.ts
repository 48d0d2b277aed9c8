// Linking on PostgreSQL: one process at a time (the holder of a session advisory lock) takes the articles of the
// contiguous run of done jobs in seq order — the input order, whichever worker finished first — finds reprints
// among them (MinHash, as SQLite's ingest does when it stores them) and links them into stories, with merge passes
// at the same fixed points as link-job.ts (every 200 articles, and at the end: when every job is done). Each batch
// is written in one transaction with the watermarks, so a killed linker loses at most the batch in flight, which
// the next holder of the lock links again from the same point.

import type { Match } from "../ingest/minhash.js";
import type { KnowledgeBase } from "../knowledge/index.js";
import { linkFeatures } from "../link/features.js";
import { type LinkOptions, StreamLinker } from "../link/linker.js";
import {
  linkBacklog,
  linkEpoch,
  linkPending,
  outletsOf,
  type PgLinkCandidate,
  PgStoryPort,
  pgArticlesToLink,
} from "../store/pg-stories.js";
import { firstOpenJob, firstSeqOf, LINK_LOCK } from "../store/queue.js";
import type { PostgresStore } from "../store/sqlite.js";
import { checkStories, type StoryChecker } from "./compare-job.js";
import type { LinkCounts } from "./link-job.js";

/** Articles between merge passes: the same fixed points as link-job.ts, so stories equal SQLite's. */
const MERGE_EVERY = 200;
/** Done jobs waiting to be linked before a process with a stale link state takes linking over. */
const TAKE_OVER_JOBS = 3;

export class PgLinking {
  private port: PgStoryPort | null = null;
  private linker: StreamLinker | null = null;
  readonly counts: LinkCounts = { linked: 0, created: 0, merged: 0, checked: 0 };

  constructor(
    private readonly store: PostgresStore,
    private readonly kb: KnowledgeBase,
    private readonly options: Partial<LinkOptions> = {},
    private readonly batchSize = 200,
    /** Where the stories that changed are cross-checked at the end of a run (the worker's analysis threads). */
    private readonly checker?: StoryChecker,
  ) {}

  /**
   * Links what is ready if no other process is linking: returns false without waiting when one is. `before` runs
   * first under the lock (a rebuild clears the stories there).
   *
   * Loading the link state costs in proportion to the database, so linking stays with the process that holds it
   * fresh: one whose state is stale (another process linked since) takes over only when `eager` (an idle worker, or
   * `parallax link`) or when the linker has fallen TAKE_OVER_JOBS jobs behind (its process died, or is busy).
   */
  async round(before?: () => Promise<void>, eager = true): Promise<boolean> {
    const client = await this.store.pool.connect();
    let locked = false;
    let broken: Error | undefined;
    try {
      const r = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1) as ok", [LINK_LOCK]);
      locked = r.rows[0]?.ok === true;
      if (!locked) return false;
      if (!before && !(await linkPending(this.store))) return true;
      if (!eager && !(await this.fresh()) && (await linkBacklog(this.store)) < TAKE_OVER_JOBS) return false;
      await before?.();
      await this.linkReady();
      return true;
    } finally {
      if (locked)
        await client.query("select pg_advisory_unlock($1)", [LINK_LOCK]).catch((e: Error) => {
          broken = e; // a session that may still hold the lock is closed, not pooled
        });
      client.release(broken);
    }
  }

  /** Whether the link state in memory is the stored one (or there is none yet: nothing to load). */
  private async fresh(): Promise<boolean> {
    const epoch = await linkEpoch(this.store);
    return epoch === 0 || this.port?.state.epoch === epoch;
  }

  /** The link state in memory, loaded again when another process (or a rebuild) changed it since. */
  private async ready(): Promise<{ port: PgStoryPort; linker: StreamLinker }> {
    const epoch = await linkEpoch(this.store);
    if (!this.port || !this.linker || this.port.state.epoch !== epoch) {
      this.port = await PgStoryPort.load(this.store);
      this.linker = new StreamLinker(this.port, this.options);
    }
    return { port: this.port, linker: this.linker };
  }

  private async linkReady(): Promise<void> {
    try {
      const { port, linker } = await this.ready();
      let end = false;
      for (;;) {
        // The first job not done bounds what may be linked: read before the articles, so that "no job open"
        // means every article of every job enqueued so far is among those read.
        const open = await firstOpenJob(this.store.db);
        const batch = await pgArticlesToLink(
          this.store,
          port.state.lastSeq,
          open === null ? null : firstSeqOf(open),
          this.batchSize,
        );
        if (batch.length > 0) {
          await this.linkBatch(port, linker, batch);
          continue;
        }
        end = open === null;
        break;
      }
      if (!end) return;
      // Every job is done and linked: the end of a run, as for SQLite's StoryLinking.finish.
      const st = port.state;
      if (st.lastSeq > st.mergedSeq) {
        this.merge(port, linker, st.lastSeq);
        await this.store.db.transaction().execute((trx) => port.write(trx));
      }
      this.counts.checked += await checkStories(this.store, this.kb, this.checker);
    } catch (e) {
      // The state in memory may be ahead of the database: loaded again next time.
      this.port = null;
      this.linker = null;
      throw e;
    }
  }

  private async linkBatch(port: PgStoryPort, linker: StreamLinker, batch: PgLinkCandidate[]): Promise<void> {
    // Reprints first, in order (the index depends only on the order of the articles, not on the links).
    const found = new Map<string, Match>();
    for (const c of batch) {
      if (!c.signature) continue;
      const m = port.reprints.match(c.signature);
      if (m) found.set(c.article.id, m);
      port.reprints.add(c.article.id, c.signature);
    }
    const outlets = new Map<string, string | null>(batch.map((c) => [c.article.id, c.article.outlet]));
    const missing = [...found.values()].map((m) => m.id).filter((id) => !outlets.has(id));
    for (const [id, outlet] of await outletsOf(this.store, missing)) outlets.set(id, outlet);

    const st = port.state;
    let since = st.sinceMerge;
    for (const c of batch) {
      const m = found.get(c.article.id);
      if (m)
        port.addReprint({
          article_id: c.article.id,
          original_id: m.id,
          similarity: m.similarity,
          containment: m.containment,
        });
      const reprint = m ? { articleId: m.id, sourceKey: outlets.get(m.id) ?? m.id } : null;
      port.linking(c.seq);
      const a = linker.link(linkFeatures(c.article, this.kb, reprint));
      this.counts.linked++;
      if (a.created) this.counts.created++;
      st.lastSeq = c.seq;
      if (++since >= MERGE_EVERY) {
        this.merge(port, linker, c.seq);
        since = 0;
      }
    }
    st.sinceMerge = since;
    await this.store.db.transaction().execute((trx) => port.write(trx));
  }

  /** The merge pass over the stories that gained articles since the last pass. */
  private merge(port: PgStoryPort, linker: StreamLinker, upTo: number): void {
    this.counts.merged += linker.mergePass(port.storiesLinkedAfter(port.state.mergedSeq));
    port.state.mergedSeq = upTo;
    port.state.sinceMerge = 0;
  }
}
