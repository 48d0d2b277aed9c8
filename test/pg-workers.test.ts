// Ingest through the PostgreSQL job queue: three worker processes share the jobs, one is killed with SIGKILL holding
// a job, and the result is the same database a single process makes — and the same as SQLite's: articles, analyses,
// events, claims, reprints and stories, row for row. No job is lost or done twice.

import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cliAsync, FAKES, tempDir } from "./helpers.js";
import { createDatabase, dropDatabase, PG_SKIP, requirePg } from "./pg-helpers.js";

/** Every table the ingest and the linker write, as plain SQL both backends answer alike (seqs and times aside). */
const TABLES: Record<string, string> = {
  articles:
    "select id, source_id, outlet, via, published, published_precision, dateline, byline, editor, credits, title, " +
    "body, captions, url, language, flags, origin, shingles, signature from articles order by id",
  origins:
    "select article_id, origin_key, source_id, outlet, origin from article_origins order by article_id, origin_key",
  reprints: "select article_id, original_id, similarity, containment from reprints order by article_id",
  analyses:
    "select article_id, version, published, published_precision, published_source, admin1_code, lat, lon, location, " +
    "secondary_locations, mentions, times, numbers, casualties from analyses order by article_id",
  entities: "select * from entities order by id",
  articleEntities: "select * from article_entities order by article_id, entity_id",
  events: "select id, article_id, sentence, type, day, record from events order by id",
  claims: "select id, article_id, event_id, predicate, record from claims order by id",
  stories:
    "select id, thread_id, title, event_day, first_day, last_day, admin1_code, place_id, event_type, articles, " +
    "sources, profile, killed_min, killed_max, checked, check_agreed, check_compatible, check_conflicting, " +
    "check_single from stories order by id",
  members: "select article_id, story_id, score, reprint_of from story_articles order by article_id",
  keys: "select key, day, story_id from story_keys order by key, day, story_id",
  terms: "select term, df from link_terms order by term",
};

type Snapshot = Record<string, string[]>;

const cell = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v);
const rowsOf = (rows: Record<string, unknown>[]) =>
  rows.map((r) => JSON.stringify(Object.values(r).map(cell)));

/** int8 as a number, as the store reads it. */
const types = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

async function withPg<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, types });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

const pgSnapshot = (url: string): Promise<Snapshot> =>
  withPg(url, async (c) => {
    const out: Snapshot = {};
    for (const [name, q] of Object.entries(TABLES)) out[name] = rowsOf((await c.query(q)).rows);
    return out;
  });

function sqliteSnapshot(path: string): Snapshot {
  const d = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(
      Object.entries(TABLES).map(([name, q]) => [
        name,
        rowsOf(d.prepare(q).all() as Record<string, unknown>[]),
      ]),
    );
  } finally {
    d.close();
  }
}

/** Stories as sets of articles, with their ids: what "the same stories" means to a reader. */
function membership(s: Snapshot): string[] {
  const byStory = new Map<string, string[]>();
  for (const row of s.members ?? []) {
    const [article, story] = JSON.parse(row) as [string, string];
    byStory.set(story, [...(byStory.get(story) ?? []), article]);
  }
  return [...byStory].map(([story, articles]) => `${story}: ${articles.sort().join(" ")}`).sort();
}

interface Worker {
  child: ChildProcess;
  exit: Promise<number | null>;
}

function startWorker(db: string): Worker {
  const child = spawn(
    process.execPath,
    [CLI, "worker", "--db", db, "--until-idle", "--threads", "1", "--lease", "3", "--quiet"],
    { stdio: "ignore" },
  );
  return { child, exit: new Promise((res) => child.on("exit", (code) => res(code))) };
}

interface JobRow {
  seq: number;
  state: string;
  attempts: number;
  completions: number;
  worker: string | null;
  done_by: string | null;
  stored: number;
  duplicates: number;
}

const jobs = (url: string): Promise<JobRow[]> =>
  withPg(url, async (c) => (await c.query<JobRow>("select * from queue_jobs order by seq")).rows);

describe.skipIf(PG_SKIP)("ingest through the PostgreSQL job queue", () => {
  const dbs: string[] = [];
  beforeAll(requirePg);
  afterAll(async () => {
    for (const db of dbs) await dropDatabase(db);
  });

  it("workers sharing the queue, one killed mid-job, store what one process and SQLite store", async () => {
    const single = await createDatabase("parallax_workers_a");
    const shared = await createDatabase("parallax_workers_b");
    dbs.push(single, shared);

    // (a) One process: enqueues, works the queue, links.
    const a = await cliAsync([
      "ingest",
      "--db",
      single,
      FAKES,
      "--threads",
      "1",
      "--quiet",
      "--format",
      "json",
    ]);
    expect(a.code, a.stderr).toBe(0);
    const counts = JSON.parse(a.stdout);
    expect(counts.read).toBe(381);
    expect(counts.stored + counts.duplicates).toBe(381);

    // (b) Enqueue only; three workers share the jobs; the first to claim one is killed holding it.
    const q = await cliAsync([
      "ingest",
      "--enqueue-only",
      "--db",
      shared,
      FAKES,
      "--quiet",
      "--format",
      "json",
    ]);
    expect(q.code, q.stderr).toBe(0);
    expect(JSON.parse(q.stdout)).toMatchObject({ read: 381, stored: 0 });
    const queued = await jobs(shared);
    expect(queued.length).toBeGreaterThanOrEqual(3);
    expect(queued.every((j) => j.state === "queued")).toBe(true);

    const workers = [startWorker(shared), startWorker(shared), startWorker(shared)];
    let victim: { worker: string; job: number } | null = null;
    await withPg(shared, async (c) => {
      for (let i = 0; i < 3000 && !victim; i++) {
        const { rows } = await c.query<{ seq: number; worker: string }>(
          "select seq, worker from queue_jobs where state = 'running' order by seq limit 1",
        );
        const claim = rows[0];
        if (claim) {
          // Worker ids are host:pid:random.
          const pid = Number(claim.worker.split(":")[1]);
          const w = workers.find((x) => x.child.pid === pid);
          if (w?.child.kill("SIGKILL")) victim = { worker: claim.worker, job: claim.seq };
        } else await new Promise((r) => setTimeout(r, 10));
      }
    });
    expect(victim).not.toBeNull();
    const killed = victim as unknown as { worker: string; job: number };
    // Killed holding the job: it was not done yet.
    const atKill = (await jobs(shared)).find((j) => j.seq === killed.job);
    expect(atKill?.state).toBe("running");

    const codes = await Promise.all(workers.map((w) => w.exit));
    expect(codes.filter((c) => c === 0)).toHaveLength(2);
    // The survivors stop only once nothing is left; should a job still be open, a fresh worker drains it.
    if ((await jobs(shared)).some((j) => j.state !== "done")) expect(await startWorker(shared).exit).toBe(0);

    const done = await jobs(shared);
    expect(done.every((j) => j.state === "done")).toBe(true);
    expect(done.every((j) => j.completions === 1)).toBe(true); // none done twice
    const redone = done.find((j) => j.seq === killed.job) as JobRow;
    expect(redone.attempts).toBeGreaterThanOrEqual(2); // claimed again after the lease expired
    expect(redone.done_by).not.toBe(killed.worker);
    // What the jobs report adds up to what the single process stored: nothing written twice, nothing lost.
    const sum = (k: "stored" | "duplicates") => done.reduce((n, j) => n + j[k], 0);
    expect({ stored: sum("stored"), duplicates: sum("duplicates") }).toEqual({
      stored: counts.stored,
      duplicates: counts.duplicates,
    });

    const fromSingle = await pgSnapshot(single);
    const fromShared = await pgSnapshot(shared);
    expect(fromSingle.articles).toHaveLength(counts.stored);
    expect(fromSingle.members).toHaveLength(counts.stored);
    expect(fromShared).toEqual(fromSingle);
    expect(membership(fromShared)).toEqual(membership(fromSingle));
    // The canonical order: each article at the same seq whichever worker wrote it.
    const seqs = (url: string) =>
      withPg(url, async (c) => (await c.query("select id, seq from articles order by seq")).rows);
    expect(await seqs(shared)).toEqual(await seqs(single));

    // (c) SQLite, one process: the same rows.
    const file = join(tempDir(), "fakes.db");
    const s = await cliAsync([
      "ingest",
      "--db",
      file,
      FAKES,
      "--threads",
      "1",
      "--quiet",
      "--format",
      "json",
    ]);
    expect(s.code, s.stderr).toBe(0);
    const { seconds: _a, db: _b, ...sqliteCounts } = JSON.parse(s.stdout);
    const { seconds: _c, db: _d, ...pgCounts } = counts;
    expect({ ...pgCounts, stories: 0 }).toEqual({ ...sqliteCounts, stories: 0 });
    const fromSqlite = sqliteSnapshot(file);
    expect(fromSingle).toEqual(fromSqlite);
    expect(membership(fromSingle)).toEqual(membership(fromSqlite));
  }, 180_000);
});
