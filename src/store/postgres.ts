// Opens a PostgreSQL store (owned by the PostgreSQL backend work; placeholder until it lands).

import type { PostgresStore } from "./sqlite.js";

export async function openPostgres(url: string): Promise<PostgresStore> {
  throw new Error(`PostgreSQL is not wired yet: ${url.replace(/:[^:@/]*@/, ":***@")}`);
}
