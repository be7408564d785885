// The one place Parley creates a Prisma client. Both providers' clients are generated
// from the same models (prisma/models.prisma), so they share one shape: the SQLite
// client's type stands for both.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { databaseProvider } from "../config/env";
import type { LogWriter } from "../storage/log-writer";
import { createSqliteLogWriter } from "../storage/sqlite-log-writer";
import { createPostgresLogWriter } from "../storage/postgres-log-writer";

export type Db = SqliteClient;

export interface Database {
  readonly prisma: Db;
  readonly provider: "sqlite" | "postgresql";
  /** The exercise log's direct write path (server/storage/log-writer.ts). */
  readonly logWriter: LogWriter;
  /** Resolves when a trivial query succeeds; rejects with the driver's error otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(url: string): Promise<Database> {
  const provider = databaseProvider(url);
  const prisma = provider === "sqlite" ? await openSqlite(url) : openPostgres(url);
  const logWriter = provider === "sqlite" ? createSqliteLogWriter(url.replace(/^file:/, "")) : createPostgresLogWriter(url);
  return {
    prisma,
    provider,
    logWriter,
    async ping() {
      await prisma.$queryRawUnsafe("SELECT 1");
    },
    async close() {
      await logWriter.close();
      await prisma.$disconnect();
    },
  };
}

async function openSqlite(url: string): Promise<Db> {
  const path = url.replace(/^file:/, "");
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const prisma = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
  // WAL lets readers proceed while the log is being appended to.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  return prisma;
}

function openPostgres(url: string): Db {
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) });
  // Same models, same generated shape; only the provider-specific internals differ.
  return client as unknown as Db;
}
