// Puts a backup back in place of Parley's database, only while Parley is stopped.
import { request } from "node:http";
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { databaseProvider } from "../config/env";
import type { Provider } from "./backup-files";
import { sqlitePath } from "./backup";
import { pgRestore } from "./postgres-tools";

const PROBE_TIMEOUT_MS = 2_000;

/**
 * Whether a server answers HTTP on the port Parley is configured for: a description of
 * what answered, or null when nothing listens there (connection refused). Anything but a
 * refusal counts as running, so a doubt never lets a restore overwrite a live database.
 */
export function serverAnswering(host: string, port: number): Promise<string | null> {
  const target = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const where = `${target.includes(":") ? `[${target}]` : target}:${port}`;
  return new Promise((resolve) => {
    const req = request({ host: target, port, path: "/api/health", method: "GET", timeout: PROBE_TIMEOUT_MS }, (res) => {
      res.resume();
      resolve(`a server answers on ${where} (GET /api/health: ${res.statusCode})`);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") resolve(null);
      else if (error.code === "ETIMEDOUT")
        resolve(`something on ${where} accepted a connection but did not answer within ${PROBE_TIMEOUT_MS / 1000} s`);
      else resolve(`could not tell whether a server listens on ${where} (${error.code ?? error.message})`);
    });
    req.end();
  });
}

/** What a backup file holds, from its first bytes. */
export function backupKind(file: string): Provider | null {
  const fd = openSync(file, "r");
  const head = Buffer.alloc(16);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString("latin1") === "SQLite format 3\0") return "sqlite";
  if (head.subarray(0, 5).toString("latin1") === "PGDMP") return "postgresql";
  return null;
}

export interface RestoreResult {
  provider: Provider;
  /** SQLite: where the database that was replaced now lies (with its -wal), if there was one. */
  previous?: string;
}

/** Replaces the database DATABASE_URL names with the backup in `file`. The caller has made sure Parley is stopped. */
export async function restoreDatabase(url: string, file: string, now: Date = new Date()): Promise<RestoreResult> {
  if (!existsSync(file)) throw new Error(`there is no file ${file}`);
  const provider = databaseProvider(url);
  const kind = backupKind(file);
  if (kind === null) throw new Error(`${file} is neither a SQLite database nor a pg_dump custom-format archive`);
  if (kind !== provider) throw new Error(`${file} is a ${kind} backup, but DATABASE_URL is a ${provider} database`);
  if (provider === "postgresql") {
    await pgRestore(url, file);
    return { provider };
  }
  const previous = restoreSqlite(file, sqlitePath(url), now);
  return previous ? { provider, previous } : { provider };
}

function restoreSqlite(file: string, target: string, now: Date): string | undefined {
  checkSqliteBackup(file);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.restoring`;
  copyFileSync(file, temp);
  syncFile(temp);
  // The old database keeps a second name (with its -wal beside it) before the new one
  // takes its place in one rename: at every moment the path holds a whole database.
  let previous: string | undefined;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${now.toISOString().replaceAll(":", "-")}`;
    try {
      linkSync(target, previous);
    } catch {
      copyFileSync(target, previous);
    }
    if (existsSync(`${target}-wal`)) renameSync(`${target}-wal`, `${previous}-wal`);
  }
  // A -wal or -shm left beside the new file would be replayed into it.
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  renameSync(temp, target);
  syncFile(dirname(target));
  return previous;
}

function checkSqliteBackup(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`${file} is damaged (SQLite quick_check: ${String(check)})`);
    const parley = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name IN ('_prisma_migrations', 'Exercise')").all();
    if (parley.length < 2) throw new Error(`${file} is a SQLite database, but not Parley's`);
  } finally {
    db.close();
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
