// A pool of analysis threads, so that ingest analyses on every core while the main thread writes to SQLite.
// Batches go to the thread with the least work queued; each answer resolves the promise of its batch.

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { createAnalyzer } from "../analyze/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import type { Article } from "../records.js";
import { type Analysis, analysisOf } from "../store/analyses.js";
import type { AnalyzeJob, AnalyzeReply, AnalyzeRequest } from "./analyze-worker.js";

const WORKER = fileURLToPath(new URL("./analyze-worker.js", import.meta.url));

interface Slot {
  worker: Worker;
  queued: number;
}

export class AnalyzePool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<
    number,
    { n: number; resolve: (a: Analysis[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private failed: Error | null = null;
  /** Articles sent and not yet answered. */
  inFlight = 0;
  private readonly local: ((a: Article) => Analysis) | null = null;

  constructor(threads: number = defaultThreads(), kbPaths: string[] = []) {
    // From TypeScript sources there is no compiled worker file: analyse in this thread.
    if (!existsSync(WORKER)) {
      const analyze = createAnalyzer(loadKnowledge(kbPaths));
      this.local = (a) => analysisOf(analyze(a));
      return;
    }
    for (let i = 0; i < Math.max(1, threads); i++) {
      // A smaller young generation: analysis allocates many short-lived strings; measured ~10% less peak RSS
      // on a 20,000-article ingest at the same speed.
      const worker = new Worker(WORKER, {
        workerData: { kbPaths } satisfies AnalyzeJob,
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      });
      const slot: Slot = { worker, queued: 0 };
      worker.on("message", (m: AnalyzeReply) => this.answer(slot, m));
      worker.on("error", (e) => this.fail(e));
      worker.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`analysis thread exited with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  get threads(): number {
    return this.slots.length || 1;
  }

  analyze(articles: Article[]): Promise<Analysis[]> {
    if (this.failed) return Promise.reject(this.failed);
    if (articles.length === 0) return Promise.resolve([]);
    if (this.local) {
      try {
        return Promise.resolve(articles.map(this.local));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const slot = this.slots.reduce((a, b) => (b.queued < a.queued ? b : a));
    const id = this.nextId++;
    slot.queued += articles.length;
    this.inFlight += articles.length;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { n: articles.length, resolve, reject });
      slot.worker.postMessage({ id, articles } satisfies AnalyzeRequest);
    });
  }

  private answer(slot: Slot, m: AnalyzeReply): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    slot.queued -= w.n;
    this.inFlight -= w.n;
    if ("error" in m) w.reject(new Error(`analysis failed: ${m.error}`));
    else w.resolve(m.analyses);
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** One analysis thread per core: the reader and writer threads are light next to analysis. */
export function defaultThreads(): number {
  return availableParallelism();
}
