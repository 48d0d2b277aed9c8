// Linking stored articles into stories: analysed articles are taken in storage order, each one linked (link stage)
// and written with its story (store) in batches, one transaction each, with a merge pass after every batch. A crash
// loses at most the batch in flight, which the next run links again from the same point.

import type { KnowledgeBase } from "../knowledge/index.js";
import { linkFeatures } from "../link/features.js";
import { type LinkOptions, StreamLinker } from "../link/linker.js";
import type { Store } from "../store/sqlite.js";
import { articlesToLink, StoryStore } from "../store/stories.js";

export interface LinkCounts {
  linked: number;
  created: number;
  merged: number;
}

export class StoryLinking {
  private readonly port: StoryStore;
  private readonly linker: StreamLinker;
  private queue: Promise<void> = Promise.resolve();
  readonly counts: LinkCounts = { linked: 0, created: 0, merged: 0 };

  constructor(
    private readonly store: Store,
    private readonly kb: KnowledgeBase,
    options: Partial<LinkOptions> = {},
    private readonly batchSize = 200,
  ) {
    this.port = new StoryStore(store);
    this.linker = new StreamLinker(this.port, options);
  }

  /** Links every analysed article that is ready; calls are queued, so they never interleave. */
  run(): Promise<LinkCounts> {
    this.queue = this.queue.then(() => this.linkReady());
    return this.queue.then(() => this.counts);
  }

  private async linkReady(): Promise<void> {
    let last = this.port.lastLinked();
    for (;;) {
      const batch = await articlesToLink(this.store, last, this.batchSize);
      if (batch.length === 0) return;
      this.store.sqlite.transaction(() => {
        for (const c of batch) {
          const reprint = c.reprintOf
            ? { articleId: c.reprintOf.articleId, sourceKey: c.reprintOf.outlet ?? c.reprintOf.articleId }
            : null;
          const a = this.linker.link(linkFeatures(c.article, this.kb, reprint));
          this.counts.linked++;
          if (a.created) this.counts.created++;
          last = c.seq;
        }
        this.counts.merged += this.linker.mergePass();
        this.port.setLastLinked(last);
      })();
    }
  }
}
