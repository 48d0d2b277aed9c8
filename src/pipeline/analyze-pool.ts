// A pool of analysis threads, so that ingest analyses on every core while the main thread writes to SQLite.
// Batches go to the thread with the least work queued; each answer resolves the promise of its batch.

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { createAnalyzer } from "../analyze/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import { type LinkFeatures, type LinkKnowledge, linkFeatures } from "../link/features.js";
import type { AnalyzedArticle, Article, StoryCheck } from "../records.js";
import { type Analysis, type AnalysisRows, AnalysisWriter, analysisOf } from "../store/analyses.js";
import type { AnalyzeJob, AnalyzeReply, AnalyzeRequest } from "./analyze-worker.js";
import type { StoryChecker } from "./compare-job.js";

/** The old-generation bound of an analysis thread, in MB: far above what one keeps, well below V8's default. */
export const THREAD_HEAP_MB = 768;

/** Stories a thread cross-checks per request. */
const CHECK_BATCH = 50;

const WORKER = fileURLToPath(new URL("./analyze-worker.js", import.meta.url));

interface Slot {
  worker: Worker;
  queued: number;
}

export class AnalyzePool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<
    number,
    // biome-ignore lint/suspicious/noExplicitAny: analyses or prepared articles, as the request asked
    { n: number; resolve: (a: any[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private failed: Error | null = null;
  /** Articles sent and not yet answered. */
  inFlight = 0;
  private readonly local: ((a: Article) => Analysis) | null = null;
  private readonly localPrepare: ((a: Article) => Prepared) | null = null;

  constructor(threads: number = defaultThreads(), kbPaths: string[] = []) {
    // From TypeScript sources there is no compiled worker file: analyse in this thread.
    if (!existsSync(WORKER)) {
      const kb = loadKnowledge(kbPaths);
      const analyze = createAnalyzer(kb);
      this.local = (a) => analysisOf(analyze(a));
      this.localPrepare = (a) => prepareAnalysis(analyze(a), kb);
      return;
    }
    for (let i = 0; i < Math.max(1, threads); i++) {
      // A smaller young generation: analysis allocates many short-lived strings; measured ~10% less peak RSS
      // on a 20,000-article ingest at the same speed. A bounded old generation: what a thread keeps is ~40 MB
      // (the knowledge base's indexes, wink's model), but V8 lets a busy heap grow to several times what it keeps
      // before collecting; with the bound it collects sooner, at the same speed (see bench/RESULTS.md, Pipeline).
      const worker = new Worker(WORKER, {
        workerData: { kbPaths } satisfies AnalyzeJob,
        resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: THREAD_HEAP_MB },
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
    return this.send(articles, false, this.local);
  }

  /** Analyses articles for the ingest: their rows to store and their link features, made on the threads. */
  prepare(articles: Article[]): Promise<Prepared[]> {
    return this.send(articles, true, this.localPrepare);
  }

  private send<T>(articles: Article[], prepare: boolean, local: ((a: Article) => T) | null): Promise<T[]> {
    if (this.failed) return Promise.reject(this.failed);
    if (articles.length === 0) return Promise.resolve([]);
    if (local) {
      try {
        return Promise.resolve(articles.map(local));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return this.request(articles.length, (id) => ({ id, articles, prepare }));
  }

  /**
   * Cross-checks stored stories on the analysis threads (each reads the store at `target` on a connection of its
   * own): batches of stories go to the threads, a few in flight per thread, and each batch of answers is saved in
   * turn. Without threads (running from sources) there is no checker: the caller checks in its own thread.
   */
  checker(target: string): StoryChecker | undefined {
    if (this.local) return undefined;
    return async (ids, save) => {
      const batches: string[][] = [];
      for (let i = 0; i < ids.length; i += CHECK_BATCH) batches.push(ids.slice(i, i + CHECK_BATCH));
      let saving = Promise.resolve();
      let next = 0;
      const lane = async () => {
        while (next < batches.length) {
          const stories = batches[next++] as string[];
          const checks = await this.request<[string, StoryCheck | null]>(stories.length, (id) => ({
            id,
            check: { target, stories },
          }));
          saving = saving.then(() => save(checks));
          await saving;
        }
      };
      await Promise.all(Array.from({ length: this.slots.length * 2 }, lane));
    };
  }

  private request<T>(n: number, message: (id: number) => AnalyzeRequest): Promise<T[]> {
    if (this.failed) return Promise.reject(this.failed);
    const slot = this.slots.reduce((a, b) => (b.queued < a.queued ? b : a));
    const id = this.nextId++;
    slot.queued += n;
    this.inFlight += n;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { n, resolve, reject });
      slot.worker.postMessage(message(id));
    });
  }

  private answer(slot: Slot, m: AnalyzeReply): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    slot.queued -= w.n;
    this.inFlight -= w.n;
    if ("error" in m) w.reject(new Error(`analysis failed: ${m.error}`));
    else w.resolve("prepared" in m ? m.prepared : "checks" in m ? m.checks : m.analyses);
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

/** An article analysed for the ingest: its rows to store and what the linker compares it by (as no reprint). */
export interface Prepared {
  rows: AnalysisRows;
  features: LinkFeatures;
}

/** The rows and link features of an analysed article (on an analysis thread). */
export function prepareAnalysis(a: AnalyzedArticle, kb: LinkKnowledge): Prepared {
  return { rows: AnalysisWriter.rowsOf(analysisOf(a)), features: linkFeatures(a, kb) };
}

/** One analysis thread per core: the reader and writer threads are light next to analysis. */
export function defaultThreads(): number {
  return availableParallelism();
}
