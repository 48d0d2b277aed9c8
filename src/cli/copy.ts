// `parallax copy --from FILE.db --to postgres://…`: moves a store from SQLite to an empty PostgreSQL database.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CopyRefused, copyStore } from "../store/copy.js";
import { isPostgresUrl, openSqlite, openStore } from "../store/sqlite.js";
import { print, type Values } from "./args.js";
import { UsageError } from "./output.js";

export async function cmdCopy(v: Values): Promise<number> {
  if (!v.from || isPostgresUrl(v.from))
    throw new UsageError("copy needs --from FILE.db, the SQLite database to copy");
  if (!isPostgresUrl(v.to))
    throw new UsageError("copy needs --to postgres://…, an empty PostgreSQL database");
  const file = resolve(v.from);
  // Opening a missing file would create an empty database: name the mistake instead.
  if (!existsSync(file)) throw new UsageError(`--from ${file}: no such file`);
  const from = await openSqlite(file);
  try {
    const to = await openStore(v.to as string);
    try {
      if (to.kind !== "postgres") throw new UsageError("--to must be a postgres:// URL");
      const live = !v.quiet && process.stderr.isTTY;
      const copied = await copyStore(from, to, ({ table, rows }) => {
        if (live) process.stderr.write(`\r${table}: ${rows} rows\x1b[K`);
      });
      if (live) process.stderr.write("\r\x1b[K");
      print(
        `copied ${file} to ${to.path}: ` +
          Object.entries(copied)
            .map(([t, n]) => `${n} ${t}`)
            .join(", "),
      );
      return 0;
    } catch (e) {
      if (e instanceof CopyRefused) throw new UsageError(e.message);
      throw e;
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}
