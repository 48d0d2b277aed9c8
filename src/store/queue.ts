// The ingest job queue kept in PostgreSQL: its table (a migration, applied after the PostgreSQL schema) and every
// statement on it. A job is a run of prepared articles in input order; its `seq` is its place in the canonical
// order, and article n of job j is stored with seq j * JOB_SPAN + n, so that the stored order of the articles is the
// input order whichever worker finished first. Workers claim jobs with FOR UPDATE SKIP LOCKED under a lease that a
// heartbeat extends; an expired lease makes the job claimable again (a killed worker's job is picked up).

import { type Generated, type Kysely, type Migration, sql, type Transaction } from "kysely";
import type { DB } from "./schema.js";
import type { PostgresStore } from "./sqlite.js";

/** Article seqs per job: a job holds fewer articles than this. */
export const JOB_SPAN = 1000;
/** Articles per job: big enough that a job's transaction is worth its overhead, small enough to redo cheaply. */
export const JOB_ARTICLES = 100;
/** Claims of one job before it is given up as failed (each crash or error while holding it counts). */
export const MAX_ATTEMPTS = 5;

// Session advisory lock keys (arbitrary constants, shared by every process on the database).
/** Held by the one process linking at a time. */
export const LINK_LOCK = 0x70617261; // "para"
/** Held (per transaction) while jobs are appended, so that job seqs are committed in increasing order. */
const ENQUEUE_LOCK = 0x6c6c6178; // "llax"

export type JobState = "queued" | "running" | "done" | "failed";

export interface QueueJobsTable {
  seq: number;
  /** The ingest run that enqueued it (for that run's counts). */
  run_id: string;
  state: Generated<JobState>;
  /** The prepared articles as JSON (JobPayload in pipeline/worker.ts); dropped once the job is done. */
  payload: string | null;
  articles: number;
  worker: string | null;
  lease_until: Date | null;
  attempts: Generated<number>;
  /** Times the job was marked done: 1 for every done job (the queue's own check that nothing is done twice). */
  completions: Generated<number>;
  error: string | null;
  enqueued_at: Generated<Date>;
  done_at: Date | null;
  done_by: string | null;
  stored: Generated<number>;
  duplicates: Generated<number>;
  unchanged: Generated<number>;
  analyzed: Generated<number>;
}

const q = (db: Kysely<DB> | Transaction<DB>) => db.withTables<{ queue_jobs: QueueJobsTable }>();

export const queueMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table queue_jobs (
      seq bigint primary key,
      run_id text not null,
      state text not null default 'queued',
      payload text,
      articles integer not null,
      worker text,
      lease_until timestamptz,
      attempts integer not null default 0,
      completions integer not null default 0,
      error text,
      enqueued_at timestamptz not null default now(),
      done_at timestamptz,
      done_by text,
      stored integer not null default 0,
      duplicates integer not null default 0,
      unchanged integer not null default 0,
      analyzed integer not null default 0
    )`.execute(db);
    // Claims and the linker look only at jobs not done: a small partial index whatever the queue's history.
    await sql`create index queue_jobs_open on queue_jobs (seq) where state <> 'done'`.execute(db);
    await sql`create index queue_jobs_run on queue_jobs (run_id)`.execute(db);
    // The seq of the article an entity's row was written from: the row of the earliest article naming it wins,
    // whichever job commits first (an entity's name is the spelling its first article used, as on SQLite).
    await sql`create table entity_first (entity_id text collate "C" primary key, seq bigint not null)`.execute(
      db,
    );
  },
};

/** The first article seq of job `seq`. */
export const firstSeqOf = (job: number): number => job * JOB_SPAN;
/** The job an article seq belongs to. */
export const jobOfSeq = (seq: number): number => Math.floor(seq / JOB_SPAN);

/**
 * Appends a job and returns its seq. Under a transaction lock, so jobs commit in seq order (the linker may take a
 * job's absence as "not enqueued yet" only if no smaller seq can appear later); after the last job and after any
 * article already stored (a database copied from SQLite keeps its seqs).
 */
export async function enqueueJob(
  store: PostgresStore,
  runId: string,
  articles: number,
  payload: string,
): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${ENQUEUE_LOCK})`.execute(trx);
    const { rows } = await sql<{ seq: number }>`select greatest(
        (select coalesce(max(seq), 0) from queue_jobs),
        (select coalesce(max(seq), 0) from articles) / ${JOB_SPAN}) + 1 as seq`.execute(trx);
    const seq = Number(rows[0]?.seq);
    await q(trx).insertInto("queue_jobs").values({ seq, run_id: runId, articles, payload }).execute();
    return seq;
  });
}

export interface ClaimedJob {
  seq: number;
  payload: string;
  attempts: number;
}

/** Claims the first claimable job (queued, or running under an expired lease), or returns null. */
export async function claimJob(
  store: PostgresStore,
  worker: string,
  leaseSeconds: number,
): Promise<ClaimedJob | null> {
  const { rows } = await sql<ClaimedJob>`update queue_jobs set state = 'running', worker = ${worker},
      attempts = attempts + 1, lease_until = now() + make_interval(secs => ${leaseSeconds}), error = null
    where seq = (select seq from queue_jobs
      where (state = 'queued' or (state = 'running' and lease_until < now())) and attempts < ${MAX_ATTEMPTS}
      order by seq limit 1 for update skip locked)
    returning seq, payload, attempts`.execute(store.db);
  const r = rows[0];
  return r ? { seq: Number(r.seq), payload: r.payload, attempts: Number(r.attempts) } : null;
}

/** Extends the lease; false when the job is no longer this worker's. */
export async function extendLease(
  store: PostgresStore,
  seq: number,
  worker: string,
  leaseSeconds: number,
): Promise<boolean> {
  const r = await q(store.db)
    .updateTable("queue_jobs")
    .set({ lease_until: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where("seq", "=", seq)
    .where("worker", "=", worker)
    .where("state", "=", "running")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Hands a job back (an error, or a worker stopping): queued again, or failed after too many attempts. */
export async function releaseJob(
  store: PostgresStore,
  seq: number,
  worker: string,
  error: string | null,
): Promise<void> {
  await sql`update queue_jobs set state = case when ${error}::text is not null and attempts >= ${MAX_ATTEMPTS}
      then 'failed' else 'queued' end, worker = null, lease_until = null, error = ${error}
    where seq = ${seq} and worker = ${worker} and state = 'running'`.execute(store.db);
}

/** Jobs whose workers died holding them once too often are given up (they would otherwise wait forever). */
export async function failAbandonedJobs(store: PostgresStore): Promise<void> {
  await sql`update queue_jobs set state = 'failed', error = coalesce(error, 'its worker stopped ' || attempts || ' times')
    where state = 'running' and lease_until < now() and attempts >= ${MAX_ATTEMPTS}`.execute(store.db);
}

/**
 * In the job's write transaction: locks the job row and tells whether this worker still holds it. A worker whose
 * lease expired and whose job another worker claimed must not write: the caller rolls back.
 */
export async function holdsJob(trx: Transaction<DB>, seq: number, worker: string): Promise<boolean> {
  const row = await q(trx)
    .selectFrom("queue_jobs")
    .select(["state", "worker"])
    .where("seq", "=", seq)
    .forUpdate()
    .executeTakeFirst();
  return row?.state === "running" && row.worker === worker;
}

export interface JobOutcome {
  stored: number;
  duplicates: number;
  unchanged: number;
  analyzed: number;
}

/** In the job's write transaction: the job is done; its payload is no longer needed (the articles are stored). */
export async function completeJob(
  trx: Transaction<DB>,
  seq: number,
  worker: string,
  outcome: JobOutcome,
): Promise<void> {
  await q(trx)
    .updateTable("queue_jobs")
    .set((eb) => ({
      state: "done",
      payload: null,
      done_at: sql`now()`,
      done_by: worker,
      lease_until: null,
      completions: eb("completions", "+", 1),
      ...outcome,
    }))
    .where("seq", "=", seq)
    .execute();
}

export interface QueueStatus {
  queued: number;
  /** Running under a live lease. */
  running: number;
  /** Running under an expired lease: claimable. */
  expired: number;
  failed: number;
  /** The first job not done (the linker stops before it), or null. */
  firstOpen: number | null;
}

export async function queueStatus(store: PostgresStore | { db: Kysely<DB> }): Promise<QueueStatus> {
  const { rows } = await sql<Record<keyof QueueStatus, number | null>>`select
      count(*) filter (where state = 'queued') as queued,
      count(*) filter (where state = 'running' and lease_until >= now()) as running,
      count(*) filter (where state = 'running' and lease_until < now()) as expired,
      count(*) filter (where state = 'failed') as failed,
      min(seq) as "firstOpen"
    from queue_jobs where state <> 'done'`.execute(store.db);
  const r = rows[0];
  return {
    queued: Number(r?.queued ?? 0),
    running: Number(r?.running ?? 0),
    expired: Number(r?.expired ?? 0),
    failed: Number(r?.failed ?? 0),
    firstOpen: r?.firstOpen === null || r?.firstOpen === undefined ? null : Number(r.firstOpen),
  };
}

/** The first job not done, or null: articles of jobs before it can be linked. */
export async function firstOpenJob(trx: Kysely<DB>): Promise<number | null> {
  const row = await q(trx)
    .selectFrom("queue_jobs")
    .select((eb) => eb.fn.min("seq").as("seq"))
    .where("state", "<>", "done")
    .executeTakeFirst();
  return row?.seq === null || row?.seq === undefined ? null : Number(row.seq);
}

/** What a run's jobs did, summed (the counts `parallax ingest` reports). */
export async function runOutcome(
  store: PostgresStore,
  runId: string,
): Promise<JobOutcome & { jobs: number; done: number; failed: number; errors: string[] }> {
  const row = await q(store.db)
    .selectFrom("queue_jobs")
    .select((eb) => [
      eb.fn.countAll<number>().as("jobs"),
      eb.fn.count<number>("done_at").as("done"),
      eb.fn.sum<number>("stored").as("stored"),
      eb.fn.sum<number>("duplicates").as("duplicates"),
      eb.fn.sum<number>("unchanged").as("unchanged"),
      eb.fn.sum<number>("analyzed").as("analyzed"),
    ])
    .where("run_id", "=", runId)
    .executeTakeFirstOrThrow();
  const failed = await q(store.db)
    .selectFrom("queue_jobs")
    .select(["seq", "error"])
    .where("run_id", "=", runId)
    .where("state", "=", "failed")
    .execute();
  return {
    jobs: Number(row.jobs),
    done: Number(row.done),
    stored: Number(row.stored ?? 0),
    duplicates: Number(row.duplicates ?? 0),
    unchanged: Number(row.unchanged ?? 0),
    analyzed: Number(row.analyzed ?? 0),
    failed: failed.length,
    errors: failed.map((f) => `job ${f.seq}: ${f.error ?? "failed"}`),
  };
}

/** How many of a run's articles were found to be reprints, and how many are linked into stories. */
export async function runLinkCounts(
  store: PostgresStore,
  runId: string,
): Promise<{ reprints: number; linked: number }> {
  const { rows } = await sql<{ reprints: number; linked: number }>`select
      (select count(*) from reprints r join articles a on a.id = r.article_id
        join queue_jobs j on j.seq = a.seq / ${JOB_SPAN} where j.run_id = ${runId}) as reprints,
      (select count(*) from story_articles s join queue_jobs j on j.seq = s.seq / ${JOB_SPAN}
        where j.run_id = ${runId}) as linked`.execute(store.db);
  return { reprints: Number(rows[0]?.reprints ?? 0), linked: Number(rows[0]?.linked ?? 0) };
}
