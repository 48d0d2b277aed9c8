// The ingest's own thread (see ingestInto): opens the database file on a connection of its own, runs the ingest job
// and posts its progress, problems and final counts to the thread that started it.

import { parentPort, workerData } from "node:worker_threads";
import { openSqlite } from "../store/sqlite.js";
import { type Counts, type IngestThreadJob, type IngestThreadMessage, ingestSqlite } from "./ingest-job.js";
import { readOptionsFrom } from "./read-batches.js";

if (parentPort) {
  const port = parentPort;
  const job = workerData as IngestThreadJob;
  const post = (m: IngestThreadMessage) => port.postMessage(m);
  const run = async () => {
    const store = await openSqlite(job.path);
    let counts: Counts;
    try {
      counts = await ingestSqlite(store, job.args, readOptionsFrom(job, job.hooks.kbPaths ?? []), {
        ...job.hooks,
        onBatch: (c) => post({ kind: "batch", counts: { ...c } }),
        onProblem: (problem) => post({ kind: "problem", problem }),
      });
    } finally {
      await store.close();
    }
    post({ kind: "done", counts });
  };
  // The thread ends by itself once the job is done (its reader and analysis threads are closed by then).
  run().catch((e: Error) => post({ kind: "error", message: e.message }));
}
