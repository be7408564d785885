// npm run db:backup: a consistent copy of DATABASE_URL into BACKUP_DIR, safe while Parley runs.
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, parseEnv } from "../server/config/env";
import { backupDatabase, pruneBackups } from "../server/ops/backup";

const usage = `usage: npm run db:backup [-- --help]

Copies the database DATABASE_URL names into a new dated file in BACKUP_DIR
(default ./data/backups), safely while Parley runs: SQLite through its online backup
API (parley-<time>.db), PostgreSQL through pg_dump's custom format (parley-<time>.dump).
With BACKUP_KEEP=n, only the newest n backups are kept. Put one back with
npm run db:restore -- <file>, with Parley stopped.
`;

function fail(message: string, code = 1): never {
  process.stderr.write(`db:backup: ${message}\n`);
  process.exit(code);
}

let help = false;
try {
  help = parseArgs({ options: { help: { type: "boolean", short: "h" } } }).values.help === true;
} catch (error) {
  fail(`${(error as Error).message}\n\n${usage}`, 2);
}
if (help) {
  process.stdout.write(usage);
  process.exit(0);
}

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2);
  throw error;
}

const dir = resolve(env.BACKUP_DIR);
try {
  const result = await backupDatabase(env.DATABASE_URL, dir);
  process.stdout.write(
    `Backed up the ${result.provider === "sqlite" ? "SQLite" : "PostgreSQL"} database to ${shown(result.file)} (${formatBytes(result.bytes)}, ${(result.ms / 1000).toFixed(1)} s)\n`,
  );
  if (env.BACKUP_KEEP) {
    const pruned = pruneBackups(dir, env.BACKUP_KEEP);
    if (pruned.length > 0)
      process.stdout.write(`Deleted ${pruned.length} older backup${pruned.length === 1 ? "" : "s"} (BACKUP_KEEP=${env.BACKUP_KEEP})\n`);
  }
} catch (error) {
  fail(`the backup failed: ${(error as Error).message}`);
}

// The session secret is not in the backup on purpose (docs/deploy.md, "Backups and restore").
const secretFile = join(import.meta.dirname, "..", "data/auth-secret");
if (!env.NEXTAUTH_SECRET && existsSync(secretFile)) {
  process.stdout.write(`Note: ${shown(secretFile)} is not part of the backup; keep a copy of it apart (docs/deploy.md)\n`);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A path as typed from here when it lies below the working directory, else in full. */
function shown(path: string): string {
  const near = relative(process.cwd(), path);
  return near && !near.startsWith("..") ? near : path;
}
