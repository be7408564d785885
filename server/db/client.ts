// The one place Parley creates a Prisma client. Both providers' clients are generated
// from the same models (prisma/models.prisma), so they share one shape: the SQLite
// client's type stands for both.
import type { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { databaseProvider } from "../config/env";
import type { LogWriter } from "../storage/log-writer";

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
  // Each provider's client, driver and writer load only when that provider is used.
  const { prisma, logWriter } =
    provider === "sqlite"
      ? await (await import("./sqlite-database")).openSqlite(url)
      : (await import("./postgres-database")).openPostgres(url);
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
