// npm run db:restore -- <file>: puts a backup back, only while Parley is stopped.
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, parseEnv } from "../server/config/env";
import { restoreDatabase, serverAnswering } from "../server/ops/restore";
import { pgConnection } from "../server/ops/postgres-tools";
import { sqlitePath } from "../server/ops/backup";

const usage = `usage: npm run db:restore -- <backup file>

Replaces the database DATABASE_URL names with a backup made by npm run db:backup.
Stop Parley first (every node of a cluster): the restore refuses while a server answers
on HOST:PORT. Run it with the server's environment (DATABASE_URL, HOST, PORT).
SQLite: the replaced database is kept beside it as <name>.before-restore-<time>.
PostgreSQL: pg_restore --clean in one transaction; on error nothing changes.
Parley applies newer migrations when it starts again.
`;

function fail(message: string, code = 1): never {
  process.stderr.write(`db:restore: ${message}\n`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({ options: { help: { type: "boolean", short: "h" } }, allowPositionals: true });
} catch (error) {
  fail(`${(error as Error).message}\n\n${usage}`, 2);
}
if (parsed.values.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const [file, ...extra] = parsed.positionals;
if (!file || extra.length > 0) fail(`name one backup file\n\n${usage}`, 2);

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2);
  throw error;
}

if (env.PORT === 0) fail("PORT is 0, so there is no way to tell whether Parley runs: set PORT to the server's port", 2);
const running = await serverAnswering(env.HOST, env.PORT);
if (running) fail(`refusing to restore: ${running}. Stop Parley (every node, in a cluster) and run this again.`);

const target = env.DATABASE_URL.startsWith("file:") ? sqlitePath(env.DATABASE_URL) : pgConnection(env.DATABASE_URL).dbname;
try {
  const result = await restoreDatabase(env.DATABASE_URL, file);
  process.stdout.write(`Restored ${file} into ${result.provider === "sqlite" ? shown(target) : target}\n`);
  if (result.previous) {
    process.stdout.write(`The database it replaced is kept as ${shown(result.previous)}; delete it once you are satisfied.\n`);
  }
  process.stdout.write("Start Parley again: it applies any migration newer than the backup.\n");
} catch (error) {
  fail(`the restore failed: ${(error as Error).message}`);
}

/** A path as typed from here when it lies below the working directory, else in full. */
function shown(path: string): string {
  const near = relative(process.cwd(), path);
  return near && !near.startsWith("..") ? near : path;
}
