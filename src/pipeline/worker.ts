// A queue worker (`parallax worker --db postgres://…`): a stateless loop that claims one job at a time from the
// queue in PostgreSQL, analyses its articles on a pool of analysis threads, and writes everything — articles,
// analyses, entities, events, claims, and the job marked done — in one transaction, only while it still holds the
// job's lease (a heartbeat extends it). After each job, and when idle, it links what is ready if no other process is
// linking (pg-link.ts). Any number of workers on any number of machines share a queue; a killed worker's job is
// claimed again once its lease expires, and its half-done work was never committed.

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { packSignature, unpackSignature } from "../ingest/minhash.js";
import { loadKnowledge } from "../knowledge/index.js";
import type { Article } from "../records.js";
import type { Analysis } from "../store/analyses.js";
import type { PreparedArticle } from "../store/articles.js";
import { linkPending } from "../store/pg-stories.js";
import { type JobArticle, storedSeqs, writeJob } from "../store/pg-writers.js";
import {
  type ClaimedJob,
  claimJob,
  extendLease,
  failAbandonedJobs,
  firstSeqOf,
  type JobOutcome,
  queueStatus,
  releaseJob,
} from "../store/queue.js";
import type { PostgresStore } from "../store/sqlite.js";
import { AnalyzePool } from "./analyze-pool.js";
import { PgLinking } from "./pg-link.js";

/** A job's payload: its prepared articles, signatures as base64 (a worker elsewhere cannot read the inputs). */
interface JobPayload {
  v: 1;
  articles: { article: Article; signature: string; shingles: number }[];
}

export function encodeJob(articles: readonly PreparedArticle[]): string {
  const payload: JobPayload = {
    v: 1,
    articles: articles.map((p) => ({
      article: p.article,
      signature: packSignature(p.signature).toString("base64"),
      shingles: p.signature.size,
    })),
  };
  return JSON.stringify(payload);
}

/** A claimed job's articles at their places in the canonical order. */
export function decodeJob(job: { seq: number; payload: string }): JobArticle[] {
  const p = JSON.parse(job.payload) as JobPayload;
  if (p.v !== 1) throw new Error(`job ${job.seq}: unknown payload version ${p.v}`);
  return p.articles.map((a, i) => ({
    seq: firstSeqOf(job.seq) + i,
    article: a.article,
    signature: unpackSignature(Buffer.from(a.signature, "base64"), a.shingles),
  }));
}

export interface WorkerOptions {
  /** Analysis threads (default: one per core). */
  threads?: number;
  /** The user's --kb files. */
  kbPaths?: string[];
  /** Stop once no job is queued or running and linking has caught up (else wait for work until stopped). */
  untilIdle?: boolean;
  /** How long a claimed job stays this worker's without a heartbeat. */
  leaseSeconds?: number;
  /** Wait between looks at an empty queue. */
  pollMs?: number;
  /** After each job this worker completed. */
  onJob?: (seq: number, outcome: JobOutcome) => void;
  log?: (line: string) => void;
}

export interface WorkerSummary {
  jobs: number;
  /** Jobs whose lease this worker lost before writing (another worker did them). */
  lost: number;
  /** Jobs handed back after an error. */
  errors: number;
  /** Jobs given up after too many attempts, when the worker stopped because nothing else was left. */
  failed: number;
}

export const DEFAULT_LEASE_SECONDS = 60;

export class QueueWorker {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  private stopping = false;
  private wake: (() => void) | null = null;
  private readonly lease: number;
  readonly summary: WorkerSummary = { jobs: 0, lost: 0, errors: 0, failed: 0 };

  constructor(
    private readonly store: PostgresStore,
    private readonly options: WorkerOptions = {},
  ) {
    this.lease = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  }

  /** Finish the job in hand, then stop. */
  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  async run(): Promise<WorkerSummary> {
    const kbPaths = this.options.kbPaths ?? [];
    const pool = new AnalyzePool(this.options.threads, kbPaths);
    const linking = new PgLinking(
      this.store,
      loadKnowledge(kbPaths),
      {},
      undefined,
      pool.checker(this.store.url),
    );
    try {
      while (!this.stopping) {
        await failAbandonedJobs(this.store);
        const job = await claimJob(this.store, this.id, this.lease);
        if (job) {
          await this.work(job, pool);
          // Not eager: linking stays with the process already holding the link state, unless it lags.
          await linking.round(undefined, false);
          continue;
        }
        await linking.round();
        if (this.options.untilIdle && (await this.idle())) break;
        await this.sleep(this.options.pollMs ?? 500);
      }
    } finally {
      await pool.close();
    }
    return this.summary;
  }

  /** Nothing left for any worker: no job queued or running (or claimable), and linking caught up. */
  private async idle(): Promise<boolean> {
    const q = await queueStatus(this.store);
    if (q.queued + q.running + q.expired > 0) return false;
    if (q.failed > 0) {
      // The linker cannot pass a failed job: what follows it waits until someone looks into it.
      this.summary.failed = q.failed;
      return true;
    }
    return !(await linkPending(this.store));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms * (0.75 + Math.random() * 0.5));
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async work(job: ClaimedJob, pool: AnalyzePool): Promise<void> {
    let held = true;
    const heartbeat = setInterval(
      () => {
        extendLease(this.store, job.seq, this.id, this.lease).then(
          (ok) => {
            if (!ok) held = false;
          },
          () => {}, // a missed beat is not fatal: the write checks the lease anyway
        );
      },
      Math.max(200, (this.lease * 1000) / 3),
    );
    try {
      const items = decodeJob(job);
      // An article stored from an earlier job keeps that version: no need to analyse this job's copy.
      const earlier = await storedSeqs(
        this.store,
        items.map((it) => it.article.id),
      );
      const todo = new Map<string, Article>();
      for (const it of items) {
        const stored = earlier.get(it.article.id);
        if ((stored === undefined || stored > it.seq) && !todo.has(it.article.id))
          todo.set(it.article.id, it.article);
      }
      const analyses = new Map<string, Analysis>(
        (await pool.analyze([...todo.values()])).map((a) => [a.id, a]),
      );
      const outcome = held ? await writeJob(this.store, job.seq, this.id, items, analyses) : null;
      if (!outcome) {
        this.summary.lost++;
        this.options.log?.(`job ${job.seq}: lease lost to another worker; its work is not written`);
        return;
      }
      this.summary.jobs++;
      this.options.onJob?.(job.seq, outcome);
    } catch (e) {
      this.summary.errors++;
      const message = (e as Error).message;
      this.options.log?.(`job ${job.seq} (attempt ${job.attempts}) failed: ${message}`);
      await releaseJob(this.store, job.seq, this.id, message);
    } finally {
      clearInterval(heartbeat);
    }
  }
}
