// Opening a PostgreSQL store: a new database gets every migration exactly once even when several processes open it
// at the same moment (workers starting together), reopening changes nothing, and errors never show the password.

import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, dropDatabase, PG_SKIP, requirePg } from "../../test/pg-helpers.js";
import { pgMigrationProvider } from "./migrations-pg.js";
import { openPostgres } from "./postgres.js";
import type { DB } from "./schema.js";

const BUILT = pathToFileURL(resolve(import.meta.dirname, "../../dist/src/store/postgres.js")).href;

/** Opens and closes the store in a process of its own (the built code, as workers run it). */
function openInProcess(url: string): Promise<{ code: number | null; stderr: string }> {
  const script = `const { openPostgres } = await import(${JSON.stringify(BUILT)});
    const store = await openPostgres(process.argv[1]);
    await store.close();`;
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script, url]);
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => done({ code, stderr }));
  });
}

describe.skipIf(PG_SKIP)("openPostgres", () => {
  let url = "";

  beforeAll(async () => {
    requirePg();
    url = await createDatabase("parallax_open");
  });

  afterAll(async () => {
    if (url) await dropDatabase(url);
  });

  const applied = async () => {
    const store = await openPostgres(url);
    try {
      const { rows } = await store.pool.query<{ name: string; timestamp: string }>(
        "select name, timestamp from kysely_migration order by name",
      );
      return rows;
    } finally {
      await store.close();
    }
  };

  it("applies each migration once when four processes open a new database at the same time", async () => {
    const runs = await Promise.all([1, 2, 3, 4].map(() => openInProcess(url)));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const names = Object.keys(await pgMigrationProvider.getMigrations()).sort();
    expect((await applied()).map((r) => r.name)).toEqual(names);
    const store = await openPostgres(url);
    try {
      const { rows } = await store.pool.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public'",
      );
      const tables = rows.map((r) => r.table_name);
      const expected: (keyof DB | "articles_fts")[] = [
        "articles",
        "articles_fts",
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
      for (const t of expected) expect(tables).toContain(t);
    } finally {
      await store.close();
    }
  });

  it("reopens without applying anything again, and keeps what was stored", async () => {
    const before = await applied();
    const store = await openPostgres(url);
    await store.db
      .insertInto("articles")
      .values({
        id: "a1",
        title: "Shelling in Homs",
        body: "Shelling continued.",
        credits: "[]",
        captions: "[]",
        flags: "[]",
        origin: "{}",
        shingles: 0,
        ingested_at: "2024-01-01T00:00:00Z",
      })
      .execute();
    await store.close();
    expect(await applied()).toEqual(before);
    const again = await openPostgres(url);
    try {
      const row = await again.db.selectFrom("articles").select(["seq", "id"]).executeTakeFirstOrThrow();
      // seq is a number, as on SQLite (int8 read as a number, not a string)
      expect(row).toEqual({ seq: 1, id: "a1" });
      const { rows } = await again.pool.query("select seq from articles_fts where fts @@ 'homs'::tsquery");
      expect(rows).toEqual([{ seq: 1 }]);
    } finally {
      await again.close();
    }
  });

  it("reports a server it cannot reach without showing the password", async () => {
    const err = await openPostgres("postgres://someone:hunter2@127.0.0.1:1/nowhere").catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("someone:***@127.0.0.1:1/nowhere");
    expect((err as Error).message).not.toContain("hunter2");
  });
});
