// The ingest job's second thread: reads inputs and prepares articles (ids, signatures) while the main thread writes
// to SQLite, so that ingest uses both cores. Batches flow to the main thread under a credit scheme (at most a few
// in flight), so a fast reader never piles up memory ahead of a slow writer.

import { parentPort, workerData } from "node:worker_threads";
import type { ArticleField } from "../ingest/fields.js";
import { prepareArticle, type ReadOptions, readInputs } from "../ingest/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import type { Article, ReadEvent } from "../records.js";

/** The reader's job: the inputs and every read option but the outlet book (a class: loaded again in the thread from the same knowledge files). */
export interface ReadJob {
  args: string[];
  options: Omit<ReadOptions, "book" | "map">;
  map: [string, ArticleField][];
  batchSize: number;
  credits: number;
  /** The user's --kb files (their outlets rename what the reader sees). */
  kbPaths: string[];
}

/** What crosses from the reader thread: a prepared article (signature bins as a transferable buffer) or a problem. */
export type ReadItem =
  | { kind: "article"; article: Article; bins: Uint32Array; size: number }
  | Exclude<ReadEvent, { kind: "article" }>;

export type ReaderMessage =
  | { kind: "batch"; items: ReadItem[] }
  | { kind: "done" }
  | { kind: "error"; message: string };

/** Reads and prepares articles in batches of `batchSize` articles (problems ride along in input order). */
export async function* readBatches(
  args: readonly string[],
  options: ReadOptions,
  batchSize: number,
): AsyncGenerator<ReadItem[]> {
  let items: ReadItem[] = [];
  let articles = 0;
  for await (const e of readInputs(args, options)) {
    if (e.kind !== "article") {
      items.push(e);
      continue;
    }
    const p = prepareArticle(e.article);
    items.push({ kind: "article", article: p.article, bins: p.signature.bins, size: p.signature.size });
    if (++articles >= batchSize) {
      yield items;
      items = [];
      articles = 0;
    }
  }
  if (items.length > 0) yield items;
}

async function run(port: NonNullable<typeof parentPort>, job: ReadJob): Promise<void> {
  let credits = job.credits;
  let wake: (() => void) | null = null;
  port.on("message", (m) => {
    if (m === "more") {
      credits++;
      wake?.();
      wake = null;
    }
  });
  const options: ReadOptions = {
    ...job.options,
    book: loadKnowledge(job.kbPaths).outlets,
    map: new Map(job.map),
  };
  for await (const items of readBatches(job.args, options, job.batchSize)) {
    while (credits <= 0) await new Promise<void>((r) => (wake = r));
    credits--;
    const transfer = items.flatMap((i) => (i.kind === "article" ? [i.bins.buffer as ArrayBuffer] : []));
    port.postMessage({ kind: "batch", items } satisfies ReaderMessage, transfer);
  }
  port.postMessage({ kind: "done" } satisfies ReaderMessage);
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as ReadJob).catch((e: Error) => {
    port.postMessage({ kind: "error", message: e.stack ?? e.message } satisfies ReaderMessage);
  });
}
