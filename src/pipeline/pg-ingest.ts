// Ingest and linking on PostgreSQL. `parallax ingest --db postgres://…` reads its inputs and prepares the articles
// as the SQLite ingest does (the same reader), and enqueues them in jobs of JOB_ARTICLES in input order, the
// prepared articles carried in the job (workers elsewhere cannot read the caller's files). Then, unless told to
// only enqueue, it works the queue itself like any `parallax worker` until the queue is empty, so one process alone
// is a complete run; workers started elsewhere share the jobs.

import { randomBytes } from "node:crypto";
import type { ReadOptions } from "../ingest/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import { clearPgStories } from "../store/pg-stories.js";
import { enqueueJob, JOB_ARTICLES, runLinkCounts, runOutcome } from "../store/queue.js";
import type { PostgresStore } from "../store/sqlite.js";
import { countStories } from "../store/stories.js";
import { type Counts, type IngestHooks, takeItems, zeroCounts } from "./ingest-job.js";
import type { LinkCounts } from "./link-job.js";
import { PgLinking } from "./pg-link.js";
import { readBatches } from "./read-batches.js";
import { encodeJob, QueueWorker } from "./worker.js";

export interface PgIngestHooks extends IngestHooks {
  /** Only enqueue: the workers do the rest. */
  enqueueOnly?: boolean;
  /** The lease of the jobs this process works (seconds). */
  leaseSeconds?: number;
}

export async function ingestPostgres(
  store: PostgresStore,
  args: readonly string[],
  options: ReadOptions,
  hooks: PgIngestHooks = {},
): Promise<Counts> {
  const counts = zeroCounts();
  const runId = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  for await (const items of readBatches(args, options, JOB_ARTICLES)) {
    const batch = takeItems(items, counts, hooks.onProblem);
    if (batch.length > 0) await enqueueJob(store, runId, batch.length, encodeJob(batch));
    hooks.onBatch?.(counts);
  }
  // Without analysis nothing here stores articles: they wait in the queue for workers, as with --enqueue-only.
  if (hooks.enqueueOnly || hooks.analyze === false) return counts;

  const refresh = async () => {
    const o = await runOutcome(store, runId);
    const l = await runLinkCounts(store, runId);
    Object.assign(counts, {
      stored: o.stored,
      duplicates: o.duplicates,
      unchanged: o.unchanged,
      analyzed: o.analyzed,
      reprints: l.reprints,
      linked: l.linked,
    });
    return o;
  };
  let pending = Promise.resolve();
  const worker = new QueueWorker(store, {
    threads: hooks.analyze?.threads,
    kbPaths: hooks.kbPaths,
    untilIdle: true,
    leaseSeconds: hooks.leaseSeconds,
    pollMs: 250,
    onJob: () => {
      pending = pending.then(async () => {
        await refresh();
        hooks.onBatch?.(counts);
      });
    },
  });
  await worker.run();
  await pending;
  const outcome = await refresh();
  counts.stories = (await countStories(store)).stories;
  hooks.onBatch?.(counts);
  if (outcome.failed > 0)
    throw new Error(`${outcome.failed} ingest jobs failed in ${store.path}: ${outcome.errors.join("; ")}`);
  return counts;
}

/**
 * `parallax link --db postgres://…`: links what the workers have stored and not linked yet (waiting for another
 * process that is linking); --rebuild drops the stories and the reprints found while linking and links everything
 * again from the first article.
 */
export async function linkPostgres(
  store: PostgresStore,
  rebuild: boolean,
  kbPaths: string[] = [],
): Promise<LinkCounts> {
  const linking = new PgLinking(store, loadKnowledge(kbPaths));
  while (!(await linking.round(rebuild ? () => clearPgStories(store) : undefined)))
    await new Promise((r) => setTimeout(r, 500));
  return linking.counts;
}
