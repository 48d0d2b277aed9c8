// Linking stored articles into stories: analysed articles are taken in storage order, each one linked (link stage)
// and written with its story (store) in batches, one transaction each. Merge passes run after every 200th article
// and at the end of a run — fixed points of the article sequence, kept in the store, so the stories do not depend
// on when analyses came back or on a crash: a crash loses at most the batch in flight, which the next run links
// again from the same point.

import type { KnowledgeBase } from "../knowledge/index.js";
import { type LinkFeatures, linkFeatures } from "../link/features.js";
import { type LinkOptions, StreamLinker } from "../link/linker.js";
import type { SqliteStore } from "../store/sqlite.js";
import { articlesToLink, type LinkCandidate, StoryStore } from "../store/stories.js";
import { checkStories, type StoryChecker } from "./compare-job.js";

/** Articles between merge passes. */
const MERGE_EVERY = 200;

export interface LinkCounts {
  linked: number;
  created: number;
  merged: number;
  /** Stories cross-checked at the end of the run (their verdict counts saved for lists). */
  checked: number;
}

export class StoryLinking {
  private readonly port: StoryStore;
  private readonly linker: StreamLinker;
  private queue: Promise<void> = Promise.resolve();
  readonly counts: LinkCounts = { linked: 0, created: 0, merged: 0, checked: 0 };
  /** What the linker compares articles by, handed over by the ingest (made on the analysis threads), so that
   * their analyses need not be read back from the store. Reprint links are added here. */
  private readonly known = new Map<string, LinkFeatures>();

  constructor(
    private readonly store: SqliteStore,
    private readonly kb: KnowledgeBase,
    options: Partial<LinkOptions> = {},
    private readonly batchSize = 200,
  ) {
    this.port = new StoryStore(store);
    this.linker = new StreamLinker(this.port, options);
  }

  /** Hands over articles just analysed and stored (their link features): linking takes them from memory. */
  offer(articles: readonly LinkFeatures[]): void {
    for (const a of articles) this.known.set(a.articleId, a);
  }

  /** Links every analysed article that is ready; calls are queued, so they never interleave. */
  run(): Promise<LinkCounts> {
    this.queue = this.queue.then(() => this.linkReady());
    return this.queue.then(() => this.counts);
  }

  private async linkReady(): Promise<void> {
    let last = this.port.lastLinked();
    // Opt-in bench instrumentation (bench/pipeline.ts): PARALLAX_LINK_STATS=<file> appends one JSON line per batch.
    const stats = process.env.PARALLAX_LINK_STATS;
    let timing: { linked: number; t0: number } | null = null;
    for (;;) {
      if (stats && timing) {
        const line = {
          linked: timing.linked,
          ms: performance.now() - timing.t0,
          total: this.counts.linked,
          at: Date.now(),
        };
        (await import("node:fs")).appendFileSync(stats, `${JSON.stringify(line)}\n`);
      }
      const batch = await articlesToLink(this.store, last, this.batchSize, this.known);
      if (batch.length === 0) return;
      if (stats) timing = { linked: batch.length, t0: performance.now() };
      this.port.inTransaction(() => {
        let { since } = this.port.mergedUpTo();
        for (const c of batch) {
          const reprint = c.reprintOf
            ? { articleId: c.reprintOf.articleId, sourceKey: c.reprintOf.outlet ?? c.reprintOf.articleId }
            : null;
          const a = this.linker.link(this.featuresOf(c, reprint));
          this.counts.linked++;
          if (a.created) this.counts.created++;
          last = c.seq;
          this.known.delete(c.id);
          if (++since >= MERGE_EVERY) {
            this.merge(last);
            since = 0;
          }
        }
        this.port.setLastLinked(last);
        this.port.setMergedUpTo(this.port.mergedUpTo().seq, since);
      });
    }
  }

  /**
   * The end of a run: links what is ready, runs the merge pass over everything linked since the last one, then
   * cross-checks the stories that changed (a story's verdict counts are computed once its articles are settled,
   * not on every article), on other threads when given a `checker`.
   */
  finish(checker?: StoryChecker): Promise<LinkCounts> {
    this.queue = this.queue.then(async () => {
      await this.linkReady();
      const last = this.port.lastLinked();
      if (last > this.port.mergedUpTo().seq) this.port.inTransaction(() => this.merge(last));
      this.counts.checked += await checkStories(this.store, this.kb, checker);
    });
    return this.queue.then(() => this.counts);
  }

  /** An article's link features: handed over (then as linkFeatures would make them for a reprint), or made. */
  private featuresOf(
    c: LinkCandidate,
    reprint: { articleId: string; sourceKey: string } | null,
  ): LinkFeatures {
    if (c.article) return linkFeatures(c.article, this.kb, reprint);
    const f = this.known.get(c.id) as LinkFeatures;
    return reprint ? { ...f, sourceKey: reprint.sourceKey, reprintOf: reprint.articleId } : f;
  }

  /** The merge pass over the stories that gained articles since the last pass. */
  private merge(upTo: number): void {
    const from = this.port.mergedUpTo().seq;
    this.counts.merged += this.linker.mergePass(this.port.storiesLinkedAfter(from));
    this.port.setMergedUpTo(upTo, 0);
  }
}
