// Linking stored articles into stories: analysed articles are taken in storage order, each one linked (link stage)
// and written with its story (store) in batches, one transaction each. Merge passes run after every 200th article
// and at the end of a run — fixed points of the article sequence, kept in the store, so the stories do not depend
// on when analyses came back or on a crash: a crash loses at most the batch in flight, which the next run links
// again from the same point.

import type { KnowledgeBase } from "../knowledge/index.js";
import { linkFeatures } from "../link/features.js";
import { type LinkOptions, StreamLinker } from "../link/linker.js";
import type { AnalyzedArticle } from "../records.js";
import type { SqliteStore } from "../store/sqlite.js";
import { articlesToLink, StoryStore } from "../store/stories.js";
import { checkStories } from "./compare-job.js";

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
  /** Analysed articles handed over by the ingest, so they need not be read back from the store. */
  private readonly known = new Map<string, AnalyzedArticle>();

  constructor(
    private readonly store: SqliteStore,
    private readonly kb: KnowledgeBase,
    options: Partial<LinkOptions> = {},
    private readonly batchSize = 200,
  ) {
    this.port = new StoryStore(store);
    this.linker = new StreamLinker(this.port, options);
  }

  /** Hands over articles just analysed and stored: linking takes them from memory. */
  offer(articles: readonly AnalyzedArticle[]): void {
    for (const a of articles) this.known.set(a.id, a);
  }

  /** Links every analysed article that is ready; calls are queued, so they never interleave. */
  run(): Promise<LinkCounts> {
    this.queue = this.queue.then(() => this.linkReady());
    return this.queue.then(() => this.counts);
  }

  private async linkReady(): Promise<void> {
    let last = this.port.lastLinked();
    for (;;) {
      const batch = await articlesToLink(this.store, last, this.batchSize, this.known);
      if (batch.length === 0) return;
      this.port.inTransaction(() => {
        let { since } = this.port.mergedUpTo();
        for (const c of batch) {
          const reprint = c.reprintOf
            ? { articleId: c.reprintOf.articleId, sourceKey: c.reprintOf.outlet ?? c.reprintOf.articleId }
            : null;
          const a = this.linker.link(linkFeatures(c.article, this.kb, reprint));
          this.counts.linked++;
          if (a.created) this.counts.created++;
          last = c.seq;
          this.known.delete(c.article.id);
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
   * not on every article).
   */
  finish(): Promise<LinkCounts> {
    this.queue = this.queue.then(async () => {
      await this.linkReady();
      const last = this.port.lastLinked();
      if (last > this.port.mergedUpTo().seq) this.port.inTransaction(() => this.merge(last));
      this.counts.checked += await checkStories(this.store, this.kb);
    });
    return this.queue.then(() => this.counts);
  }

  /** The merge pass over the stories that gained articles since the last pass. */
  private merge(upTo: number): void {
    const from = this.port.mergedUpTo().seq;
    this.counts.merged += this.linker.mergePass(this.port.storiesLinkedAfter(from));
    this.port.setMergedUpTo(upTo, 0);
  }
}
