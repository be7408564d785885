// Once per test run: a migrated SQLite template file (copied per test database) and a
// throwaway PostgreSQL database, dropped at the end.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../server/db/migrate";
import { createLogger } from "../../server/logger";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    postgresUrl: string;
  }
}

const root = join(import.meta.dirname, "../..");
const adminUrl = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const logger = createLogger("silent");
  const tmp = mkdtempSync(join(tmpdir(), "parley-test-"));
  const sqliteTemplate = join(tmp, "template.db");
  const dbName = `parley_test_${process.pid}_${Date.now()}`;
  const postgresUrl = `${adminUrl.replace(/\/[^/]*$/, "")}/${dbName}`;

  await admin(`CREATE DATABASE "${dbName}"`);
  await Promise.all([migrateDatabase(`file:${sqliteTemplate}`, root, logger), migrateDatabase(postgresUrl, root, logger)]);

  project.provide("sqliteTemplate", sqliteTemplate);
  project.provide("postgresUrl", postgresUrl);

  return async () => {
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    rmSync(tmp, { recursive: true, force: true });
  };
}
