// Answers of the read-heavy routes (lists, timeline, map points, search, overview), kept per URL until the data
// changes. better-sqlite3 runs queries on the event loop, so one slow aggregate delays every request behind it: the
// second time, the answer is a string lookup. The data's generation is the API's own ingest batches plus SQLite's
// data_version, which moves when another process (a `parallax ingest` on the same file) commits. On PostgreSQL the
// server's write position is polled once a second instead (workers write from other processes and machines).

import { writeMarker } from "../store/postgres.js";
import type { Store } from "../store/sqlite.js";

const POLL_MS = 1000;

const ENTRIES = 1000;
const MAX_BYTES = 2 * 1024 * 1024;

export class AnswerCache {
  private readonly answers = new Map<string, { generation: string; type: string; body: string }>();
  private writes = 0;
  /** PostgreSQL's last seen write position. */
  private marker = "";
  private readonly poll: NodeJS.Timeout | null = null;

  constructor(private readonly store: Store) {
    if (store.kind === "postgres") {
      const check = () => {
        writeMarker(store).then(
          (m) => {
            this.marker = m;
          },
          () => {}, // the database unreachable for a moment: keep the answers, the routes report the error
        );
      };
      check();
      this.poll = setInterval(check, POLL_MS);
      this.poll.unref();
    }
  }

  close(): void {
    if (this.poll) clearInterval(this.poll);
  }

  /** Called after each write this process makes (its own commits do not move data_version). */
  bump(): void {
    this.writes++;
  }

  generation(): string {
    const external =
      this.store.kind === "sqlite" ? this.store.sqlite.pragma("data_version", { simple: true }) : this.marker;
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
