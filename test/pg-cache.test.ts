// The server's answer cache on PostgreSQL: writes by other processes (workers) must invalidate it, as SQLite's
// data_version does for a file.

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerCache } from "../src/serve/cache.js";
import { openStore, type Store } from "../src/store/sqlite.js";
import { createDatabase, dropDatabase, PG_SKIP, requirePg } from "./pg-helpers.js";

describe.skipIf(PG_SKIP)("the answer cache on PostgreSQL", () => {
  let url = "";
  let store: Store;
  beforeAll(async () => {
    requirePg();
    url = await createDatabase();
    store = await openStore(url);
  });
  afterAll(async () => {
    await store?.close();
    if (url) await dropDatabase(url);
  });

  it("drops its answers once another connection writes", async () => {
    const cache = new AnswerCache(store);
    try {
      // Waits (up to 10 s) until the generation satisfies `done`.
      const until = async (done: (g: string) => boolean) => {
        for (let i = 0; i < 100 && !done(cache.generation()); i++)
          await new Promise((r) => setTimeout(r, 100));
        return cache.generation();
      };
      const first = await until((g) => !g.endsWith(":")); // the first poll has answered
      cache.set("/api/stories", "application/json", "[]", first);
      expect(cache.get("/api/stories")?.body).toBe("[]");

      const other = new pg.Client({ connectionString: url });
      await other.connect();
      await other.query("insert into link_state (name, value) values ('test-marker', 1)");
      await other.end();

      const after = await until((g) => g !== first);
      expect(after).not.toBe(first);
      expect(cache.get("/api/stories")).toBeNull();
    } finally {
      cache.close();
    }
  });
});
