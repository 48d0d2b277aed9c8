// Opens a PostgreSQL store: a connection pool, Kysely over it, and the schema migrated to the latest version.
// Several processes (workers, the server) may open the same database at once: Kysely's PostgreSQL migrator holds a
// session advisory lock (pg_advisory_lock) while it reads the applied migrations and applies the rest, and creates
// its own bookkeeping tables race-tolerantly, so concurrent opens apply each migration exactly once.

import { Kysely, Migrator, PostgresDialect } from "kysely";
import pg from "pg";
import { pgMigrationProvider } from "./migrations-pg.js";
import type { DB } from "./schema.js";
import type { PostgresStore } from "./sqlite.js";

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*):[^@/]*@/, "$1:***@");
}

// Counts and sums come back as int8/numeric, which pg returns as strings to be safe for values past 2^53; the
// store's numbers (row counts, seqs, tolls) never get there, and SQLite returns them as numbers: so do we.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export async function openPostgres(url: string): Promise<PostgresStore> {
  const path = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, types, max: 10 });
  // An idle client losing its connection (server restart) must not crash the process: the next query reconnects.
  pool.on("error", () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    const { error, results } = await new Migrator({ db, provider: pgMigrationProvider }).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === "Error")?.migrationName;
      throw new Error(
        `cannot migrate ${path}${failed ? ` (migration ${failed})` : ""}: ${(error as Error).message}`,
      );
    }
  } catch (e) {
    await db.destroy();
    const message = (e as Error).message.replaceAll(url, path);
    throw message.startsWith("cannot migrate")
      ? new Error(message)
      : new Error(`cannot open ${path}: ${message}`);
  }
  return {
    kind: "postgres",
    db,
    pool,
    path,
    url,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * A marker that moves whenever anything is written to the database server (its write-ahead log position): how a
 * reader notices other processes' writes, as SQLite's data_version does for a file.
 */
export async function writeMarker(store: PostgresStore): Promise<string> {
  const r = await store.pool.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
  return r.rows[0]?.lsn ?? "";
}
