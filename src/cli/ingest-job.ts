// The ingest job: read inputs and prepare articles (ingest stage, on a worker thread), write them in batches
// (store, on this thread). Each batch of articles is one transaction.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ReadOptions } from "../ingest/index.js";
import type { ReadEvent } from "../records.js";
import { ArticleWriter, type PreparedArticle } from "../store/articles.js";
import type { Store } from "../store/sqlite.js";
import type { Counts } from "./progress.js";
import { type ReaderMessage, type ReadItem, type ReadJob, readBatches } from "./read-worker.js";

export interface IngestHooks {
  /** Called for every reject and warning, as it happens. */
  onProblem?: (e: Exclude<ReadEvent, { kind: "article" }>) => void;
  /** Called after every batch commit. */
  onBatch?: (c: Counts) => void;
  batchSize?: number;
}

const WORKER = fileURLToPath(new URL("./read-worker.js", import.meta.url));

export async function ingestInto(
  store: Store,
  args: readonly string[],
  options: ReadOptions,
  hooks: IngestHooks = {},
): Promise<Counts> {
  const writer = new ArticleWriter(store);
  const counts: Counts = {
    read: 0,
    stored: 0,
    duplicates: 0,
    unchanged: 0,
    reprints: 0,
    rejected: 0,
    warnings: 0,
  };
  const batchSize = hooks.batchSize ?? 500;

  const write = (items: ReadItem[]) => {
    const batch: PreparedArticle[] = [];
    for (const item of items) {
      if (item.kind === "article") {
        counts.read++;
        batch.push({ article: item.article, signature: { bins: item.bins, size: item.size } });
      } else {
        if (item.kind === "reject") counts.rejected++;
        else counts.warnings++;
        hooks.onProblem?.(item);
      }
    }
    if (batch.length === 0) return;
    for (const outcome of writer.write(batch)) {
      if (outcome.kind === "stored") {
        counts.stored++;
        if (outcome.reprint) counts.reprints++;
      } else if (outcome.kind === "duplicate") counts.duplicates++;
      else counts.unchanged++;
    }
    hooks.onBatch?.(counts);
  };

  // Compiled, the reader runs on its own thread; from TypeScript sources (no .js worker file), in this thread.
  if (!existsSync(WORKER)) {
    for await (const items of readBatches(args, options, batchSize)) write(items);
    return counts;
  }

  const { book: _book, map, ...rest } = options;
  const job: ReadJob = {
    args: [...args],
    options: rest,
    map: [...(map ?? new Map())],
    batchSize,
    credits: 3,
  };
  const worker = new Worker(WORKER, { workerData: job });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on("message", (m: ReaderMessage) => {
        if (m.kind === "done") resolve();
        else if (m.kind === "error") reject(new Error(`reader thread failed: ${m.message}`));
        else {
          try {
            write(m.items);
            worker.postMessage("more");
          } catch (e) {
            reject(e);
          }
        }
      });
      worker.on("error", reject);
      worker.on("exit", (code) => {
        if (code !== 0) reject(new Error(`reader thread exited with code ${code}`));
      });
    });
  } finally {
    await worker.terminate();
  }
  return counts;
}
