// The few SQL spellings that differ between SQLite and PostgreSQL, for the query layer's shared queries.

import { type RawBuilder, sql } from "kysely";
import type { Store } from "./sqlite.js";

/** A LIMIT meaning "no limit": SQLite needs a LIMIT before an OFFSET and reads a negative one as none; PostgreSQL
 * refuses a negative one and reads null as none. */
export const noLimit = (store: Store): number | null => (store.kind === "sqlite" ? -1 : null);

/** The limit, or none when it is negative or missing (the query layer's "every row"). */
export const limitOrAll = (store: Store, limit: number | undefined): number | null =>
  limit === undefined || limit < 0 ? noLimit(store) : limit;

/** A string (or null) inside a JSON text column: json_extract on SQLite, #>> on PostgreSQL. `path` is `$.a.b`. */
export function jsonText<T extends string | null = string | null>(
  store: Store,
  column: string,
  path: string,
): RawBuilder<T> {
  const keys = path.replace(/^\$\.?/, "").split(".");
  if (!keys.every((k) => /^[A-Za-z0-9_]+$/.test(k))) throw new Error(`unsupported JSON path ${path}`);
  return store.kind === "sqlite"
    ? sql<T>`json_extract(${sql.ref(column)}, ${sql.lit(path)})`
    : sql<T>`(${sql.ref(column)}::json #>> ${sql.lit(`{${keys.join(",")}}`)})`;
}

/** `expr LIKE pattern` as SQLite means it: ASCII letters in any case, no escape character. */
export function likeAsSqlite(store: Store, expr: RawBuilder<unknown>, pattern: string): RawBuilder<boolean> {
  return store.kind === "sqlite"
    ? sql<boolean>`${expr} like ${pattern}`
    : sql<boolean>`${expr} ilike ${pattern} escape ''`;
}
