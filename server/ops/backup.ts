// Backups of Parley's database while it runs: SQLite through its online backup API (a
// plain copy of a WAL database can miss or tear recent writes), PostgreSQL through
// pg_dump. Used by `npm run db:backup` and, with BACKUP_EVERY, by the server itself.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { databaseProvider, type Env } from "../config/env";
import type { Logger } from "../logger";
import { backupFileName, listBackups, pruneBackups, type Provider } from "./backup-files";
import { pgDump } from "./postgres-tools";
import { backupSqlite } from "./sqlite-backup";

export { pruneBackups, listBackups } from "./backup-files";
export { parseEvery } from "./every";

export interface BackupResult {
  file: string;
  provider: Provider;
  bytes: number;
  ms: number;
}

/** The SQLite file a `file:` DATABASE_URL names, relative to the working directory as the server opens it. */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, ""));
}

/** Writes a consistent copy of the database into `dir`, named by `now`; the file appears only once complete. */
export async function backupDatabase(url: string, dir: string, now: Date = new Date(), signal?: AbortSignal): Promise<BackupResult> {
  const provider = databaseProvider(url);
  // Backups hold personal data and password hashes: readable by Parley's user only.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, backupFileName(provider, now));
  if (existsSync(file)) throw new Error(`${file} exists already`);
  const partial = join(dir, `.${basename(file)}.partial`);
  const started = performance.now();
  try {
    if (provider === "sqlite") {
      const source = sqlitePath(url);
      if (!existsSync(source)) throw new Error(`there is no SQLite database at ${source} (DATABASE_URL)`);
      await backupSqlite(source, partial, signal);
    } else {
      await pgDump(url, partial, signal);
    }
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    throw error;
  }
  return { file, provider, bytes: statSync(file).size, ms: Math.round(performance.now() - started) };
}

export type BackupEnv = Pick<Env, "DATABASE_URL" | "BACKUP_DIR" | "BACKUP_EVERY" | "BACKUP_KEEP">;

export interface BackupSchedule {
  /** Cancels the next backup and aborts one under way (its partial file is removed). */
  stop(): Promise<void>;
}

/** Not in the first minute after a start: the server has better things to do then. */
const FIRST_DELAY_MS = 60_000;
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;

/** When the next backup is due: `every` after the newest one, at least a minute from now. */
export function nextBackupDelay(newest: Date | undefined, now: Date, everyMs: number): number {
  const due = newest ? newest.getTime() + everyMs - now.getTime() : 0;
  return Math.min(Math.max(due, FIRST_DELAY_MS), everyMs);
}

/**
 * Backs up every BACKUP_EVERY, counted from the newest backup in BACKUP_DIR so that
 * restarts do not postpone backups forever, keeping the newest BACKUP_KEEP. Null when
 * BACKUP_EVERY is unset. A failed backup is logged and tried again at the next turn.
 */
export function startBackupSchedule(env: BackupEnv, logger: Logger): BackupSchedule | null {
  const every = env.BACKUP_EVERY;
  if (every === undefined) return null;
  const dir = resolve(env.BACKUP_DIR);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let stopped = false;

  const run = async () => {
    try {
      const result = await backupDatabase(env.DATABASE_URL, dir, new Date(), controller.signal);
      const pruned = env.BACKUP_KEEP ? pruneBackups(dir, env.BACKUP_KEEP) : [];
      logger.info({ file: result.file, bytes: result.bytes, ms: result.ms, pruned: pruned.length }, "backup written");
    } catch (err) {
      if (!stopped) logger.error({ err, dir }, "backup failed; trying again at the next turn");
    }
  };
  const arm = (dueAt: number) => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        if (Date.now() < dueAt) return arm(dueAt); // beyond setTimeout's range: wait again
        running = run().finally(() => {
          running = null;
          arm(Date.now() + every);
        });
      },
      Math.min(Math.max(0, dueAt - Date.now()), LONGEST_TIMEOUT_MS),
    );
    timer.unref();
  };

  const delay = nextBackupDelay(listBackups(dir).at(-1)?.takenAt, new Date(), every);
  arm(Date.now() + delay);
  logger.info(
    { dir, everyMinutes: every / 60_000, keep: env.BACKUP_KEEP ?? "all", nextInMinutes: Math.round(delay / 60_000) },
    "backups scheduled",
  );

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      controller.abort(new Error("backups stopped"));
      await running;
    },
  };
}
