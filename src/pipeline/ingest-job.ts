// The ingest job: read inputs and prepare articles (ingest stage, on a worker thread), write them in batches
// (store, on this thread), and analyse every newly stored article on a pool of analysis threads (analyze stage),
// writing each analysis batch as it comes back. Each batch is one transaction. Articles stored without an
// analysis (a crash between the two, or an older analyzer) are picked up at the end of the next run.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ReadOptions } from "../ingest/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import type { Article, IngestCounts, ReadEvent } from "../records.js";
import { AnalysisWriter, pendingArticles } from "../store/analyses.js";
import { ArticleWriter, type PreparedArticle } from "../store/articles.js";
import type { SqliteStore, Store } from "../store/sqlite.js";
import { AnalyzePool, type Prepared, THREAD_HEAP_MB } from "./analyze-pool.js";
import { StoryLinking } from "./link-job.js";
import {
  type PlainReadOptions,
  plainReadOptions,
  type ReaderMessage,
  type ReadItem,
  type ReadJob,
  readBatches,
} from "./read-batches.js";

/** What an ingest run has done so far (the record shared with the API). */
export type Counts = IngestCounts;

export const zeroCounts = (): Counts => ({
  read: 0,
  stored: 0,
  duplicates: 0,
  unchanged: 0,
  reprints: 0,
  rejected: 0,
  warnings: 0,
  analyzed: 0,
  linked: 0,
  stories: 0,
});

export interface IngestHooks {
  /** Called for every reject and warning, as it happens. */
  onProblem?: (e: Exclude<ReadEvent, { kind: "article" }>) => void;
  /** Called after every batch commit. */
  onBatch?: (c: Counts) => void;
  batchSize?: number;
  /** Analyse stored articles (default: yes, on one thread per core, with the bundled knowledge base). */
  analyze?: false | { threads?: number };
  /** The user's --kb files, for the analysis threads and for the reader thread (their outlets). */
  kbPaths?: string[];
}

const WORKER = fileURLToPath(new URL("./read-worker.js", import.meta.url));
const INGEST_THREAD = fileURLToPath(new URL("./ingest-thread.js", import.meta.url));

/**
 * The old-generation bound of the ingest thread, in MB. What it keeps is ~0.5 GB at most (the reprint index of the
 * last 100,000 articles ~200 MB, 5,000 story profiles, word counts), but V8 lets the heap of a thread that allocates
 * this fast grow to several times that before collecting: 2.8 GB of the process at 100,000 articles, growing with
 * the run. A bound makes it collect instead.
 */
export const INGEST_HEAP_MB = 1024;

export async function ingestInto(
  store: Store,
  args: readonly string[],
  options: ReadOptions,
  hooks: IngestHooks = {},
): Promise<Counts> {
  if (store.kind === "postgres") {
    // Many processes share a PostgreSQL store: the work goes through its job queue.
    const { ingestPostgres } = await import("./pg-ingest.js");
    return ingestPostgres(store, args, options, hooks);
  }
  // Compiled, the ingest runs on a thread of its own with a bounded heap (and leaves this thread free: the server
  // keeps answering while it ingests); from TypeScript sources, or on an in-memory database, here.
  if (store.path !== ":memory:" && existsSync(INGEST_THREAD))
    return ingestOnThread(store.path, args, options, hooks);
  return ingestSqlite(store, args, options, hooks);
}

/** What the ingest thread is given: the database file, the inputs, and the plain parts of the options and hooks. */
export interface IngestThreadJob extends PlainReadOptions {
  path: string;
  args: string[];
  hooks: Pick<IngestHooks, "batchSize" | "analyze" | "kbPaths">;
}

export type IngestThreadMessage =
  | { kind: "batch"; counts: Counts }
  | { kind: "problem"; problem: Exclude<ReadEvent, { kind: "article" }> }
  | { kind: "done"; counts: Counts }
  | { kind: "error"; message: string };

function ingestOnThread(
  path: string,
  args: readonly string[],
  options: ReadOptions,
  hooks: IngestHooks,
): Promise<Counts> {
  const job: IngestThreadJob = {
    path,
    args: [...args],
    ...plainReadOptions(options),
    hooks: { batchSize: hooks.batchSize, analyze: hooks.analyze, kbPaths: hooks.kbPaths },
  };
  const thread = new Worker(INGEST_THREAD, {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: INGEST_HEAP_MB },
  });
  // Settled when the thread has exited: its database connection is closed by then.
  return new Promise<Counts>((resolve, reject) => {
    let done: Counts | null = null;
    let failure: Error | null = null;
    thread.on("message", (m: IngestThreadMessage) => {
      if (m.kind === "batch") hooks.onBatch?.(m.counts);
      else if (m.kind === "problem") hooks.onProblem?.(m.problem);
      else if (m.kind === "done") done = m.counts;
      else failure ??= new Error(m.message);
    });
    thread.on("error", (e) => {
      failure ??=
        (e as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new Error(`the ingest thread ran out of memory (${INGEST_HEAP_MB} MB): ${e.message}`)
          : e;
    });
    thread.on("exit", (code) => {
      if (done && !failure) resolve(done);
      else reject(failure ?? new Error(`the ingest thread exited with code ${code}`));
    });
  });
}

/** A reader's batch as articles to store, counting them and the problems (each handed to `onProblem`). */
export function takeItems(
  items: readonly ReadItem[],
  counts: Counts,
  onProblem?: IngestHooks["onProblem"],
): PreparedArticle[] {
  const batch: PreparedArticle[] = [];
  for (const item of items) {
    if (item.kind === "article") {
      counts.read++;
      batch.push({ article: item.article, signature: { bins: item.bins, size: item.size } });
    } else {
      if (item.kind === "reject") counts.rejected++;
      else counts.warnings++;
      onProblem?.(item);
    }
  }
  return batch;
}

export async function ingestSqlite(
  store: SqliteStore,
  args: readonly string[],
  options: ReadOptions,
  hooks: IngestHooks = {},
): Promise<Counts> {
  const writer = new ArticleWriter(store);
  const counts = zeroCounts();
  const batchSize = hooks.batchSize ?? 500;
  const pool = hooks.analyze === false ? null : new AnalyzePool(hooks.analyze?.threads, hooks.kbPaths);
  const analyses = pool ? new AnalysisWriter(store) : null;
  // Stories are linked as analyses come in, in storage order (the linker waits for earlier articles' analyses).
  const linking = pool ? new StoryLinking(store, loadKnowledge(hooks.kbPaths ?? [])) : null;
  const link = async (finish = false) => {
    if (!linking) return;
    const c = await (finish
      ? linking.finish(store.path === ":memory:" ? undefined : pool?.checker(store.path))
      : linking.run());
    counts.linked = c.linked;
    counts.stories = c.created - c.merged;
  };
  // Analysis is the slow step: the reader gets more credit only while the analysis threads have little queued.
  const maxQueued = batchSize * (pool?.threads ?? 1) * 2;
  const running = new Set<Promise<void>>();
  let failure: Error | null = null;
  const waiters: (() => void)[] = [];

  const analyse = (articles: Article[]) => {
    if (!pool || !analyses || articles.length === 0) return;
    // The analysis threads answer with each article's rows and link features: this thread only writes and links.
    const p = pool
      .prepare(articles)
      .then((done: Prepared[]) => {
        analyses.writeRows(done.map((d) => d.rows));
        linking?.offer(done.map((d) => d.features));
        counts.analyzed += done.length;
        hooks.onBatch?.(counts);
        return link();
      })
      .catch((e: Error) => {
        failure ??= e;
      })
      .finally(() => {
        running.delete(p);
        for (const wake of waiters.splice(0)) wake();
      });
    running.add(p);
  };

  /** Waits until the analysis threads have at most `queued` articles in hand. */
  const drain = async (queued: number) => {
    while (pool && pool.inFlight > queued && running.size > 0) {
      await new Promise<void>((r) => waiters.push(r));
    }
    if (failure) throw failure;
  };

  /** Analyses what is stored but not analysed: left over from a crash, or analysed by an older version. */
  const catchUp = async () => {
    if (!pool) return;
    await drain(0); // what is in flight is not pending
    let after = 0;
    for (;;) {
      const rows = pendingArticles(store, after, batchSize);
      if (rows.length === 0) break;
      after = (rows.at(-1) as { seq: number }).seq;
      analyse(rows.map((r) => r.article));
      await drain(maxQueued);
    }
    await drain(0);
    await link(true);
    hooks.onBatch?.(counts);
  };

  const write = (items: ReadItem[]) => {
    const batch = takeItems(items, counts, hooks.onProblem);
    if (batch.length === 0) return;
    const stored: Article[] = [];
    writer.write(batch).forEach((outcome, i) => {
      if (outcome.kind === "stored") {
        stored.push((batch[i] as PreparedArticle).article);
        counts.stored++;
        if (outcome.reprint) counts.reprints++;
      } else if (outcome.kind === "duplicate") counts.duplicates++;
      else counts.unchanged++;
    });
    hooks.onBatch?.(counts);
    analyse(stored);
  };

  // Compiled, the reader runs on its own thread; from TypeScript sources (no .js worker file), in this thread.
  if (!existsSync(WORKER)) {
    try {
      for await (const items of readBatches(args, options, batchSize)) {
        write(items);
        await drain(maxQueued);
      }
      await catchUp();
    } finally {
      await pool?.close();
    }
    return counts;
  }

  const job: ReadJob = {
    args: [...args],
    ...plainReadOptions(options),
    batchSize,
    credits: 3,
    kbPaths: hooks.kbPaths ?? [],
  };
  // The reader keeps the recent articles' MinHash signatures (reprints) and a few batches: bounded as the analysis
  // threads are.
  const worker = new Worker(WORKER, {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on("message", (m: ReaderMessage) => {
        if (m.kind === "done") resolve();
        else if (m.kind === "error") reject(new Error(`reader thread failed: ${m.message}`));
        else {
          try {
            write(m.items);
            drain(maxQueued).then(() => worker.postMessage("more"), reject);
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
    await catchUp();
  } finally {
    await worker.terminate();
    await pool?.close();
  }
  return counts;
}
