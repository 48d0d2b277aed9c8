// Answers of the read-heavy routes (lists, timeline, map points, search, overview), kept per URL until the data
// changes. better-sqlite3 runs queries on the event loop, so one slow aggregate delays every request behind it: the
// second time, the answer is a string lookup. The data's generation is the API's own ingest batches plus SQLite's
// data_version, which moves when another process (a `parallax ingest` on the same file) commits.

import type { Store } from "../store/sqlite.js";

const ENTRIES = 1000;
const MAX_BYTES = 2 * 1024 * 1024;

export class AnswerCache {
  private readonly answers = new Map<string, { generation: string; type: string; body: string }>();
  private writes = 0;

  constructor(private readonly store: Store) {}

  /** Called after each write this process makes (its own commits do not move data_version). */
  bump(): void {
    this.writes++;
  }

  generation(): string {
    // On PostgreSQL, writes by other processes are not seen here: the cache holds until this process writes.
    const external =
      this.store.kind === "sqlite" ? this.store.sqlite.pragma("data_version", { simple: true }) : 0;
    return `${this.writes}:${external}`;
  }

  get(url: string): { type: string; body: string } | null {
    const hit = this.answers.get(url);
    if (!hit || hit.generation !== this.generation()) return null;
    this.answers.delete(url); // most recently used last
    this.answers.set(url, hit);
    return hit;
  }

  set(url: string, type: string, body: string, generation: string): void {
    if (body.length > MAX_BYTES) return;
    if (this.answers.size >= ENTRIES) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(url, { generation, type, body });
  }
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Answer repeated GETs from the AnswerCache while the data is unchanged. */
    cache?: boolean;
  }
}
