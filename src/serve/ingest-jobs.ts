// Ingest through the API: uploaded files and pasted text are written to a private temporary folder (their names
// kept, so formats are sniffed and a text stream cut across files joins up as on disk), then run through the same
// ingest job as `parallax ingest`, one job at a time (SQLite has one writer). Progress is the job's counts,
// updated after every batch, which clients poll.

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KnowledgeBase } from "../knowledge/index.js";
import { type Counts, ingestInto, zeroCounts } from "../pipeline/ingest-job.js";
import type { ReadEvent } from "../records.js";
import type { Store } from "../store/sqlite.js";
import { lastArticleSeq, storiesStoredAfter } from "../store/stories.js";
import type { IngestJob, IngestProblem } from "./api-types.js";

const MAX_PROBLEMS = 200;
const KEPT_JOBS = 100;

/** A file name safe to write in the job's folder: no path, no control characters, not hidden. */
export function safeName(name: string, fallback: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "").replace(/^\.+/, "");
  return base.slice(0, 200) || fallback;
}

export class IngestQueue {
  private readonly jobs = new Map<string, IngestJob>();
  private tail: Promise<void> = Promise.resolve();
  private readonly writeListeners: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly kb: KnowledgeBase,
    private readonly options: { kbPaths: string[]; threads?: number },
  ) {}

  /** Calls `fn` after every batch a job writes (and when it ends): cached answers are stale from then on. */
  onWrite(fn: () => void): void {
    this.writeListeners.push(fn);
  }

  private wrote(): void {
    for (const fn of this.writeListeners) fn();
  }

  /** A folder for a new job's inputs: the caller writes the files into it, then calls `enqueue`. */
  folder(): string {
    return mkdtempSync(join(tmpdir(), "parallax-ingest-"));
  }

  /** Queues the ingest of everything in `dir` (which the job deletes when done). */
  enqueue(dir: string, inputs: string[], bytes: number): IngestJob {
    const job: IngestJob = {
      id: randomBytes(6).toString("hex"),
      state: "queued",
      inputs,
      bytes,
      counts: zeroCounts(),
      problems: [],
      error: null,
      started: null,
      finished: null,
      stories: [],
    };
    this.jobs.set(job.id, job);
    while (this.jobs.size > KEPT_JOBS) {
      const oldest = [...this.jobs.values()].find((j) => j.state === "done" || j.state === "failed");
      if (!oldest) break;
      this.jobs.delete(oldest.id);
    }
    this.tail = this.tail.then(() => this.run(job, dir));
    return job;
  }

  get(id: string): IngestJob | undefined {
    return this.jobs.get(id);
  }

  list(): IngestJob[] {
    return [...this.jobs.values()].reverse();
  }

  /** Resolves when every queued job has finished (for shutdown and tests). */
  idle(): Promise<void> {
    return this.tail;
  }

  private async run(job: IngestJob, dir: string): Promise<void> {
    job.state = "running";
    job.started = new Date().toISOString();
    const before = await lastArticleSeq(this.store);
    try {
      await ingestInto(
        this.store,
        [dir],
        { book: this.kb.outlets },
        {
          kbPaths: this.options.kbPaths,
          analyze: this.options.threads ? { threads: this.options.threads } : undefined,
          onBatch: (c: Counts) => {
            job.counts = { ...c };
            this.wrote();
          },
          onProblem: (e) => {
            if (job.problems.length < MAX_PROBLEMS) job.problems.push(problem(e, dir));
          },
        },
      ).then((c) => {
        job.counts = { ...c };
      });
      job.stories = await storiesStoredAfter(this.store, before, 20);
      job.state = "done";
    } catch (e) {
      job.state = "failed";
      job.error = (e as Error).message;
    } finally {
      this.wrote();
      job.finished = new Date().toISOString();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** A reader's problem as the API reports it: the file named as uploaded, not by its temporary path. */
function problem(e: Exclude<ReadEvent, { kind: "article" }>, dir: string): IngestProblem {
  const file = e.where.file.startsWith(dir) ? e.where.file.slice(dir.length + 1) : e.where.file;
  return {
    kind: e.kind,
    file,
    record: e.where.record ?? null,
    message: e.kind === "reject" ? e.reason : e.message,
  };
}
