// The ingest job: read inputs (ingest stage), give each article its id and signature, write in batches (store).

import { prepareArticle, type ReadOptions, readInputs } from "../ingest/index.js";
import type { ReadEvent } from "../records.js";
import { ArticleWriter, type PreparedArticle } from "../store/articles.js";
import type { Store } from "../store/sqlite.js";
import type { Counts } from "./progress.js";

export interface IngestHooks {
  /** Called for every reject and warning, as it happens. */
  onProblem?: (e: Exclude<ReadEvent, { kind: "article" }>) => void;
  /** Called after every batch commit. */
  onBatch?: (c: Counts) => void;
  batchSize?: number;
}

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
  const size = hooks.batchSize ?? 500;
  let batch: PreparedArticle[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    for (const outcome of writer.write(batch)) {
      if (outcome.kind === "stored") {
        counts.stored++;
        if (outcome.reprint) counts.reprints++;
      } else if (outcome.kind === "duplicate") counts.duplicates++;
      else counts.unchanged++;
    }
    batch = [];
    hooks.onBatch?.(counts);
  };
  for await (const e of readInputs(args, options)) {
    if (e.kind === "article") {
      counts.read++;
      batch.push(prepareArticle(e.article));
      if (batch.length >= size) flush();
    } else {
      if (e.kind === "reject") counts.rejected++;
      else counts.warnings++;
      hooks.onProblem?.(e);
    }
  }
  flush();
  return counts;
}
