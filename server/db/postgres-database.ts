// Prisma and the log's direct write path on PostgreSQL. Loaded only when the database is
// PostgreSQL (server/db/client.ts), so a node on SQLite never loads this client and `pg`.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/postgresql/client";
import { createPostgresLogWriter } from "../storage/postgres-log-writer";
import type { LogWriter } from "../storage/log-writer";
// Both clients have one shape (server/db/client.ts): the SQLite client's type stands for both.
import type { PrismaClient as Db } from "./generated/sqlite/client";

export function openPostgres(url: string): { prisma: Db; logWriter: LogWriter } {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  // Same models, same generated shape; only the provider-specific internals differ.
  return { prisma: client as unknown as Db, logWriter: createPostgresLogWriter(url) };
}
