// `parallax worker --db postgres://…`: works the ingest queue of a PostgreSQL store (see src/pipeline/worker.ts),
// and the queue flags `parallax ingest` takes on PostgreSQL.

import { DEFAULT_LEASE_SECONDS, QueueWorker } from "../pipeline/worker.js";
import { openStore, resolveDbPath } from "../store/sqlite.js";
import { positiveInt, print, type Values } from "./args.js";
import { UsageError } from "./output.js";

/** --enqueue-only and --lease, for `parallax ingest` (read by the PostgreSQL ingest, ignored by SQLite's). */
export function queueFlags(v: Values): { enqueueOnly: boolean; leaseSeconds: number | undefined } {
  return { enqueueOnly: !!v["enqueue-only"], leaseSeconds: positiveInt("lease", v.lease) };
}

export async function cmdWorker(v: Values): Promise<number> {
  const store = await openStore(resolveDbPath(v.db));
  try {
    if (store.kind !== "postgres")
      throw new UsageError(`worker needs a PostgreSQL database (--db postgres://…), not ${store.path}`);
    const worker = new QueueWorker(store, {
      threads: positiveInt("threads", v.threads),
      kbPaths: v.kb ?? [],
      untilIdle: !!v["until-idle"],
      leaseSeconds: positiveInt("lease", v.lease) ?? DEFAULT_LEASE_SECONDS,
      log: (line) => process.stderr.write(`worker ${worker.id}: ${line}\n`),
      onJob: (seq, o) => {
        if (!v.quiet)
          process.stderr.write(
            `worker ${worker.id}: job ${seq} done: ${o.stored} stored, ${o.duplicates} duplicates, ` +
              `${o.unchanged} already stored, ${o.analyzed} analysed\n`,
          );
      },
    });
    // SIGTERM or Ctrl-C: the job in hand is finished (or, if the process is killed, claimed again once its lease
    // expires), then the worker stops.
    const stop = () => worker.stop();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
    try {
      const s = await worker.run();
      print(
        `worker ${worker.id}: ${s.jobs} jobs done` +
          (s.lost ? `, ${s.lost} lost to other workers` : "") +
          (s.errors ? `, ${s.errors} handed back after errors` : "") +
          ` → ${store.path}`,
      );
      if (s.failed > 0) {
        process.stderr.write(`parallax: ${s.failed} jobs failed in the queue (queue_jobs.error says why)\n`);
        return 1;
      }
      return 0;
    } finally {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
    }
  } finally {
    await store.close();
  }
}
