// The ingest job's reader thread: reads inputs and prepares articles (ids, signatures) while the ingest writes to
// SQLite, so that ingest uses both cores. Batches flow to the ingest under a credit scheme (at most a few in flight),
// so a fast reader never piles up memory ahead of a slow writer.

import { parentPort, workerData } from "node:worker_threads";
import { type ReaderMessage, type ReadJob, readBatches, readOptionsFrom } from "./read-batches.js";

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
  const options = readOptionsFrom(job, job.kbPaths);
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
