// The job queue kept in PostgreSQL (placeholder until the worker lands): its tables, as a migration.

import type { Kysely, Migration } from "kysely";

export const queueMigration: Migration = {
  async up(_db: Kysely<unknown>) {},
};
