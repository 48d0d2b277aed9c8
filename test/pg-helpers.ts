// A real PostgreSQL for the tests: the server named by PARALLAX_TEST_PG (a role that may create databases; `.ci/run`
// starts Debian's cluster and sets it), else the local default below. Each test file gets a database of its own,
// dropped afterwards. Without a server the PostgreSQL tests skip with the reason printed; REQUIRE_PG=1 (set by CI)
// turns that skip into a failure.

import { randomBytes } from "node:crypto";
import pg from "pg";

export const PG_ADMIN_URL =
  process.env.PARALLAX_TEST_PG || "postgres://parallax:parallax@127.0.0.1:5432/postgres";
export const PG_REQUIRED = process.env.REQUIRE_PG === "1";

/** Why PostgreSQL cannot be used here, or null when it can. */
async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (e) {
    return `no PostgreSQL at ${redact(PG_ADMIN_URL)}: ${(e as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

export const PG_UNAVAILABLE: string | null = await probe();

/** Skip (printing why) when there is no server; under REQUIRE_PG=1 the suite fails instead (see requirePg). */
export const PG_SKIP = PG_UNAVAILABLE !== null && !PG_REQUIRED;
if (PG_SKIP)
  console.warn(`PostgreSQL tests skipped: ${PG_UNAVAILABLE} (set REQUIRE_PG=1 to make this a failure)`);

/** Call in a beforeAll: throws when REQUIRE_PG=1 and there is no server. */
export function requirePg(): void {
  if (PG_UNAVAILABLE) throw new Error(`REQUIRE_PG=1 but ${PG_UNAVAILABLE}`);
}

export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@/]*@/, "$1:***@");
}

/** Creates an empty database and returns its URL. */
export async function createDatabase(prefix = "parallax_test"): Promise<string> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createDatabase, closing whatever connections are left. */
export async function dropDatabase(dbUrl: string): Promise<void> {
  const name = new URL(dbUrl).pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}
