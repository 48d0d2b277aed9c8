// Copies an SQLite store into an empty PostgreSQL one: every table, row for row, in one transaction (a failed copy
// leaves the target empty), keeping article seqs (stories and the linker's state refer to them). The full-text
// index fills itself (a trigger on articles), and the seq identity is moved past the last copied seq.

import { sql } from "kysely";
import type { DB } from "./schema.js";
import type { PostgresStore, SqliteStore } from "./sqlite.js";

/** Parents before children (events, claims and story members refer to articles). */
export const COPIED_TABLES: readonly (keyof DB)[] = [
  "articles",
  "article_origins",
  "reprints",
  "analyses",
  "entities",
  "article_entities",
  "events",
  "claims",
  "stories",
  "story_articles",
  "story_keys",
  "link_terms",
  "link_state",
];

/** A copy refused before it starts (the target holds data): the CLI reports it as a usage error. */
export class CopyRefused extends Error {}

/** PostgreSQL takes at most 65,535 parameters a statement: rows a batch, by the table's width. */
const PARAMETERS = 60_000;
const MAX_BATCH = 1000;

export interface CopyProgress {
  table: string;
  rows: number;
}

/** Copies every table; returns the rows copied per table. */
export async function copyStore(
  from: SqliteStore,
  to: PostgresStore,
  onProgress: (p: CopyProgress) => void = () => {},
): Promise<Record<string, number>> {
  const copied: Record<string, number> = {};
  await to.db.transaction().execute(async (trx) => {
    // Checked inside the transaction, under a lock that keeps another copy or ingest from starting meanwhile.
    await sql`lock table articles in exclusive mode`.execute(trx);
    for (const table of COPIED_TABLES) {
      const row = await trx.selectFrom(table).select(sql<number>`1`.as("one")).limit(1).executeTakeFirst();
      if (row)
        throw new CopyRefused(
          `${to.path} is not empty (table ${table} has rows): copy into an empty database, or drop and recreate it`,
        );
    }
    for (const table of COPIED_TABLES) {
      const columns = (from.sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
      const perBatch = Math.max(1, Math.min(MAX_BATCH, Math.floor(PARAMETERS / columns.length)));
      const read = from.sqlite.prepare(`select ${columns.map((c) => `"${c}"`).join(", ")} from "${table}"`);
      let batch: Record<string, unknown>[] = [];
      let rows = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        // (rows of whichever table, as SQLite returned them: typed per table only by the schema both share)
        await trx
          .insertInto(table)
          .values(batch as never)
          .execute();
        rows += batch.length;
        batch = [];
        onProgress({ table, rows });
      };
      for (const r of read.iterate() as Iterable<Record<string, unknown>>) {
        batch.push(r);
        if (batch.length >= perBatch) await flush();
      }
      await flush();
      copied[table] = rows;
    }
    // New articles continue after the copied ones.
    await sql`select setval(pg_get_serial_sequence('articles', 'seq'), coalesce(max(seq), 0) + 1, false)
      from articles`.execute(trx);
  });
  return copied;
}
