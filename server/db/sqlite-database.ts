// Prisma and the log's direct write path on SQLite. Loaded only when the database is SQLite
// (server/db/client.ts), so a node on SQLite never loads PostgreSQL's client and driver.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/sqlite/client";
import { createSqliteLogWriter } from "../storage/sqlite-log-writer";
import type { LogWriter } from "../storage/log-writer";

export async function openSqlite(url: string): Promise<{ prisma: PrismaClient; logWriter: LogWriter }> {
  const path = url.replace(/^file:/, "");
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
  // WAL lets readers proceed while the log is being appended to.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  return { prisma, logWriter: createSqliteLogWriter(path) };
}
