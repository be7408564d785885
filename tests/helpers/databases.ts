import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../server/db/client";

export const providers = ["sqlite", "postgresql"] as const;
export type Provider = (typeof providers)[number];

/** A migrated database: a fresh SQLite file, or the run's shared PostgreSQL database. */
export async function openTestDatabase(provider: Provider): Promise<Database> {
  if (provider === "postgresql") return openDatabase(inject("postgresUrl"));
  const file = join(mkdtempSync(join(tmpdir(), "parley-db-")), "test.db");
  copyFileSync(inject("sqliteTemplate"), file);
  return openDatabase(`file:${file}`);
}
