// Applies pending migrations with Prisma's own CLI (prisma migrate deploy) before the
// server opens the database. scripts/prisma.sh picks the schema for the URL's provider.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Logger } from "../logger";

export async function migrateDatabase(databaseUrl: string, root: string, logger: Logger): Promise<void> {
  // SQLite creates the file but not its folder (data/ on a fresh clone).
  if (databaseUrl.startsWith("file:")) mkdirSync(dirname(resolve(root, databaseUrl.slice("file:".length))), { recursive: true });
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn("bash", [join(root, "scripts/prisma.sh"), "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.on("error", reject);
    child.on("close", resolve);
  });
  const text = output.join("").trim();
  if (code !== 0) throw new Error(`prisma migrate deploy failed (exit ${code}):\n${text}`);
  logger.debug({ output: text }, "migrations applied");
}
