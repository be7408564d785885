// pg_dump and pg_restore, PostgreSQL's own client tools, run against DATABASE_URL.
import { spawn } from "node:child_process";

// Parameters Prisma reads from its URLs that libpq would refuse as unknown.
const PRISMA_ONLY = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout", "sslaccept"];

export interface PgConnection {
  /** The URL without its password (argv is readable by every local user). */
  dbname: string;
  env: NodeJS.ProcessEnv;
}

export function pgConnection(url: string): PgConnection {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  for (const name of PRISMA_ONLY) parsed.searchParams.delete(name);
  return { dbname: parsed.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

/** pg_dump in its custom format (-Fc): one consistent snapshot, even while Parley writes. */
export function pgDump(url: string, destination: string, signal?: AbortSignal): Promise<void> {
  const conn = pgConnection(url);
  return runTool("pg_dump", ["--format=custom", "--no-password", `--file=${destination}`, `--dbname=${conn.dbname}`], conn.env, signal);
}

/**
 * pg_restore into DATABASE_URL, replacing what the dump holds. One transaction: a failure
 * leaves the database as it was. Owners and grants are the restoring user's, so a dump
 * taken on another server, under another user, restores too.
 */
export function pgRestore(url: string, file: string): Promise<void> {
  const conn = pgConnection(url);
  const args = [
    "--clean",
    "--if-exists",
    "--no-owner",
    "--no-privileges",
    "--single-transaction",
    "--exit-on-error",
    "--no-password",
    `--dbname=${conn.dbname}`,
    file,
  ];
  return runTool("pg_restore", args, conn.env);
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stderr: string[] = [];
    const child = spawn(tool, args, { env, stdio: ["ignore", "ignore", "pipe"], ...(signal ? { signal } : {}) });
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    let failure: Error | undefined;
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") {
        reject(
          new Error(
            `${tool} is not installed: install PostgreSQL's client tools, of the server's major version or newer (Debian: apt-get install postgresql-client)`,
          ),
        );
      } else failure = error; // an abort: answered once the tool has exited and written no more
    });
    child.on("close", (code, sig) => {
      if (code === 0) resolve();
      else reject(failure ?? new Error(`${tool} failed (${sig ?? `exit ${code}`}): ${stderr.join("").trim() || "no message"}`));
    });
  });
}
