// Ingest and linking on PostgreSQL: jobs queued in the database, done by workers (placeholder until it lands).

import type { ReadOptions } from "../ingest/index.js";
import type { PostgresStore } from "../store/sqlite.js";
import type { Counts, IngestHooks } from "./ingest-job.js";
import type { LinkCounts } from "./link-job.js";

export async function ingestPostgres(
  store: PostgresStore,
  _args: readonly string[],
  _options: ReadOptions,
  _hooks: IngestHooks = {},
): Promise<Counts> {
  throw new Error(`ingest into PostgreSQL is not wired yet (${store.path})`);
}

export async function linkPostgres(store: PostgresStore, _rebuild: boolean): Promise<LinkCounts> {
  throw new Error(`linking on PostgreSQL is not wired yet (${store.path})`);
}
