import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { openDatabase, type Database } from "../../server/db/client";
import { createServices } from "../../server/services";
import { parseEnv } from "../../server/config/env";
import { createLogger } from "../../server/logger";
import { backupDatabase, nextBackupDelay, parseEvery, pruneBackups, startBackupSchedule } from "../../server/ops/backup";
import { backupFileName, listBackups } from "../../server/ops/backup-files";
import { restoreDatabase } from "../../server/ops/restore";
import { providers, type Provider } from "../helpers/databases";
import { seedExercise } from "../helpers/fixtures";
import { storedMessages } from "../helpers/stored-messages";

const root = join(import.meta.dirname, "../..");
const adminUrl = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const tempDir = (label: string) => mkdtempSync(join(tmpdir(), `parley-${label}-`));

/** As tests/helpers/databases.ts, but the URL is needed too: backups are taken of it. */
async function openTestDatabaseWithUrl(provider: Provider): Promise<{ db: Database; url: string }> {
  const url = provider === "postgresql" ? inject("postgresUrl") : `file:${join(tempDir("db"), "live.db")}`;
  if (provider === "sqlite") copyFileSync(inject("sqliteTemplate"), url.slice("file:".length));
  return { db: await openDatabase(url), url };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty database to restore into: a new SQLite path, or a new PostgreSQL database (dropped by `drop`). */
async function freshDatabase(provider: Provider): Promise<{ url: string; drop(): Promise<void> }> {
  if (provider === "sqlite") return { url: `file:${join(tempDir("restore"), "restored.db")}`, async drop() {} };
  const name = `parley_restore_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return { url: adminUrl.replace(/\/[^/]*$/, `/${name}`), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

interface Acked {
  exerciseId: string;
  seq: number;
  body: string;
  /** performance.now() when the append was acknowledged, i.e. committed. */
  at: number;
}

describe.each(providers)("a backup of %s taken under live writes", (provider) => {
  it("restores into a fresh database with every write committed before it began, and a consistent log", { timeout: 120_000 }, async () => {
    const { db, url } = await openTestDatabaseWithUrl(provider);
    const services = createServices(db.prisma, { writer: db.logWriter });
    const exercises = [(await seedExercise(services)).exercise, (await seedExercise(services)).exercise];
    const setups = await Promise.all(
      exercises.map(async (exercise) => ({
        exercise,
        channel: await db.prisma.channel.create({ data: { exerciseId: exercise.id, kind: "plenary", name: "Plenary", openedSeq: 0 } }),
        author: await services.users.create({ displayName: `Author ${exercise.id}`, systemRole: "participant", exerciseId: exercise.id }),
      })),
    );
    const acked: Acked[] = [];
    const send = async (i: number, body: string) => {
      const { exercise, channel, author } = setups[i % setups.length]!;
      const { event } = await services.log.append({
        exerciseId: exercise.id,
        type: "message.sent",
        actor: { userId: author.id, roleKey: "host" },
        visibility: { kind: "channel", channelId: channel.id },
        payload: { body, authorName: "Author", roleName: "Host" },
        idempotencyKey: `k-${body}`,
      });
      acked.push({ exerciseId: exercise.id, seq: event.seq, body, at: performance.now() });
    };
    // Enough history that the copy is not instantaneous.
    const filler = "x".repeat(2_000);
    for (let batch = 0; batch < 30; batch++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => send(i, `fill-${batch}-${i}-${filler}`)));
    }

    // Four writers, two per exercise, append until told to stop.
    let stop = false;
    let n = 0;
    const writers = Array.from({ length: 4 }, (_, w) =>
      (async () => {
        while (!stop) await send(w, `live-${w}-${n++}`);
      })(),
    );
    while (acked.length < 1_600) await new Promise((resolve) => setImmediate(resolve));

    const backupDir = tempDir("backups");
    const started = performance.now();
    const committedBefore = acked.filter((a) => a.at <= started);
    const result = await backupDatabase(url, backupDir, new Date());
    const finished = performance.now();
    const writtenDuring = acked.filter((a) => a.at > started && a.at < finished).length;
    const settle = acked.length + 20;
    while (acked.length < settle) await new Promise((resolve) => setImmediate(resolve));
    stop = true;
    await Promise.all(writers);
    await db.close();

    // The writes went on while the backup ran; otherwise this test proves nothing.
    expect(writtenDuring).toBeGreaterThan(0);
    expect(result.file).toMatch(provider === "sqlite" ? /parley-.*\.db$/ : /parley-.*\.dump$/);
    expect(readdirSync(backupDir)).toEqual([result.file.split("/").at(-1)]);

    const fresh = await freshDatabase(provider);
    try {
      await restoreDatabase(fresh.url, result.file);
      const restored = await openDatabase(fresh.url);
      try {
        for (const { exercise } of setups) {
          const row = await restored.prisma.exercise.findUniqueOrThrow({ where: { id: exercise.id } });
          const events = await restored.prisma.exerciseEvent.findMany({ where: { exerciseId: exercise.id }, orderBy: { seq: "asc" } });
          const messages = await storedMessages(restored.prisma, { exerciseId: exercise.id });
          const mine = acked.filter((a) => a.exerciseId === exercise.id);

          // A single moment: the counter and the events agree, gap-free.
          expect(events.map((e) => e.seq)).toEqual(Array.from({ length: row.lastSeq }, (_, i) => i + 1));
          expect(messages.map((m) => m.seq)).toEqual(events.map((e) => e.seq));
          // Nothing committed before the backup began is missing; nothing after it finished is there.
          const before = committedBefore.filter((a) => a.exerciseId === exercise.id);
          expect(row.lastSeq).toBeGreaterThanOrEqual(Math.max(...before.map((a) => a.seq)));
          expect(row.lastSeq).toBeLessThan(Math.max(...mine.map((a) => a.seq)));
          // And each is the write that was acknowledged under that number.
          const bodies = new Map(mine.map((a) => [a.seq, a.body]));
          expect(messages.map((m) => m.body)).toEqual(events.map((e) => bodies.get(e.seq)));
          for (const a of before) expect(messages[a.seq - 1]?.body).toBe(a.body);
        }
        const migrations = await restored.prisma.$queryRawUnsafe<{ n: bigint | number }[]>(
          'SELECT COUNT(*) AS n FROM "_prisma_migrations"',
        );
        expect(Number(migrations[0]?.n)).toBeGreaterThan(0);
      } finally {
        await restored.close();
      }
    } finally {
      await fresh.drop();
    }
  });
});

/** Runs one of the npm scripts' files as `npm run` would, with `env` over the test's environment. */
function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts", script), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function healthServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === "/api/health" ? 200 : 404, { "content-type": "application/json" }).end('{"status":"ok","db":"ok"}');
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as { port: number }).port })),
  );
}

describe("npm run db:backup and db:restore", () => {
  it("refuses to restore while a server answers on PORT, and restores once it has stopped", { timeout: 60_000 }, async () => {
    const { db, url } = await openTestDatabaseWithUrl("sqlite");
    const services = createServices(db.prisma, { writer: db.logWriter });
    await services.users.create({ displayName: "Before the backup", email: "before@example.test", systemRole: "facilitator" });
    await db.close();
    const backupDir = tempDir("cli-backups");

    const backup = await runScript("db-backup.ts", [], { DATABASE_URL: url, BACKUP_DIR: backupDir });
    expect(backup).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Backed up the SQLite database to .*parley-.*\.db/) });
    const [file] = listBackups(backupDir);
    expect(file).toBeDefined();

    const later = await openDatabase(url);
    await later.prisma.user.create({ data: { displayName: "After the backup", email: "after@example.test", systemRole: "facilitator" } });
    await later.close();
    const emails = async () => {
      const check = await openDatabase(url);
      try {
        return (await check.prisma.user.findMany({ orderBy: { email: "asc" } })).map((u) => u.email);
      } finally {
        await check.close();
      }
    };

    const { server, port } = await healthServer();
    const env = { DATABASE_URL: url, HOST: "0.0.0.0", PORT: String(port) };
    try {
      const refused = await runScript("db-restore.ts", [file!.path], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`refusing to restore: a server answers on 127\\.0\\.0\\.1:${port}`));
      expect(await emails()).toEqual(["after@example.test", "before@example.test"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const restored = await runScript("db-restore.ts", [file!.path], env);
    expect(restored).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Restored .* into /) });
    expect(await emails()).toEqual(["before@example.test"]);
    // The replaced database is kept beside it, whole.
    const previous = /kept as (\S+);/.exec(restored.stdout)?.[1];
    expect(previous).toMatch(/live\.db\.before-restore-/);
    const kept = await openDatabase(`file:${resolve(root, previous!)}`);
    try {
      expect(await kept.prisma.user.count({ where: { email: "after@example.test" } })).toBe(1);
    } finally {
      await kept.close();
    }
  });

  it("refuses a backup of the other kind of database, and a file that is no backup", async () => {
    const dir = tempDir("kinds");
    const { db, url } = await openTestDatabaseWithUrl("sqlite");
    await db.close();
    const { file } = await backupDatabase(url, dir, new Date());
    await expect(restoreDatabase(inject("postgresUrl"), file)).rejects.toThrow(
      /is a sqlite backup, but DATABASE_URL is a postgresql database/,
    );
    const junk = join(dir, "notes.txt");
    writeFileSync(junk, "not a database at all");
    await expect(restoreDatabase(url, junk)).rejects.toThrow(/neither a SQLite database nor a pg_dump/);
  });

  it("prints its usage for --help and fails with a message for a wrong option", { timeout: 30_000 }, async () => {
    const [backupHelp, restoreHelp, noFile] = await Promise.all([
      runScript("db-backup.ts", ["--help"], {}),
      runScript("db-restore.ts", ["--help"], {}),
      runScript("db-restore.ts", [], {}),
    ]);
    expect(backupHelp).toMatchObject({ code: 0, stdout: expect.stringContaining("usage: npm run db:backup") });
    expect(restoreHelp).toMatchObject({ code: 0, stdout: expect.stringContaining("usage: npm run db:restore") });
    expect(noFile).toMatchObject({ code: 2, stderr: expect.stringContaining("name one backup file") });
  });
});

describe("backupDatabase", () => {
  it("fails with a clear message for a missing SQLite file and leaves no partial file", async () => {
    const dir = tempDir("missing");
    await expect(backupDatabase(`file:${join(dir, "nowhere.db")}`, join(dir, "out"), new Date())).rejects.toThrow(
      /there is no SQLite database at .*nowhere\.db/,
    );
    expect(readdirSync(join(dir, "out"))).toEqual([]);
  });

  it.each(providers)("stops a %s backup when aborted and leaves no file behind", async (provider) => {
    const { db, url } = await openTestDatabaseWithUrl(provider);
    await db.close();
    const dir = tempDir("abort");
    const controller = new AbortController();
    const backup = backupDatabase(url, dir, new Date(), controller.signal);
    setImmediate(() => controller.abort(new Error("stopping")));
    await expect(backup).rejects.toThrow(/stopping|aborted/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("pruneBackups", () => {
  it("keeps the newest backups and never touches other files", () => {
    const dir = tempDir("prune");
    const times = ["2030-01-03T00:00:00Z", "2030-01-01T00:00:00Z", "2030-01-04T12:30:00Z", "2030-01-02T00:00:00Z"].map((t) => new Date(t));
    for (const [i, at] of times.entries()) writeFileSync(join(dir, backupFileName(i % 2 ? "sqlite" : "postgresql", at)), "");
    for (const other of ["notes.txt", ".parley-2029-01-01T00-00-00.000Z.db.partial", "parley-latest.db"])
      writeFileSync(join(dir, other), "");

    const deleted = pruneBackups(dir, 2);

    expect(deleted.map((p) => p.split("/").at(-1))).toEqual([backupFileName("sqlite", times[1]!), backupFileName("sqlite", times[3]!)]);
    expect(readdirSync(dir).sort()).toEqual(
      [
        ".parley-2029-01-01T00-00-00.000Z.db.partial",
        "notes.txt",
        "parley-latest.db",
        backupFileName("postgresql", times[0]!),
        backupFileName("postgresql", times[2]!),
      ].sort(),
    );
    expect(pruneBackups(dir, 2)).toEqual([]);
    expect(() => pruneBackups(dir, 0)).toThrow(/at least 1/);
  });
});

describe("parseEvery", () => {
  it.each([
    ["30m", 30 * 60_000],
    ["6h", 6 * 3_600_000],
    ["1d", 86_400_000],
    ["1h30m", 90 * 60_000],
    [" 2H ", 2 * 3_600_000],
  ])("reads %j as %d ms", (text, ms) => {
    expect(parseEvery(text)).toBe(ms);
  });

  it.each([
    ["garbage", /"garbage" is not a duration: write a number and a unit/],
    ["10", /not a duration/],
    ["5x", /not a duration/],
    ["-1h", /not a duration/],
    ["", /not a duration/],
    ["30s", /too often: backups run at most once a minute/],
    ["31d", /too rare/],
  ])("rejects %j with a message saying what is accepted", (text, message) => {
    expect(() => parseEvery(text)).toThrow(message);
  });

  it("is how the environment's BACKUP_EVERY is checked, naming the variable", () => {
    expect(() => parseEnv({ BACKUP_EVERY: "often" })).toThrow(/BACKUP_EVERY: "often" is not a duration/);
    expect(parseEnv({ BACKUP_EVERY: "6h", BACKUP_KEEP: "7" })).toMatchObject({
      BACKUP_EVERY: 6 * 3_600_000,
      BACKUP_KEEP: 7,
      BACKUP_DIR: "./data/backups",
    });
    expect(() => parseEnv({ BACKUP_KEEP: "0" })).toThrow(/BACKUP_KEEP:/);
  });
});

describe("startBackupSchedule", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("counts from the newest backup, backs up every BACKUP_EVERY and keeps BACKUP_KEEP", { timeout: 60_000 }, async () => {
    const { db, url } = await openTestDatabaseWithUrl("sqlite");
    await db.close();
    const dir = tempDir("schedule");
    const start = new Date("2030-06-01T12:00:00Z");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: start });
    const old = backupFileName("sqlite", new Date(start.getTime() - 10 * 60_000));
    writeFileSync(join(dir, old), "");

    let written: () => void = () => {};
    const logger = createLogger("info", "test", {
      write(line: string) {
        if ((JSON.parse(line) as { msg?: string }).msg === "backup written") written();
      },
    });
    const nextBackup = () => new Promise<void>((resolve) => (written = resolve));
    const schedule = startBackupSchedule({ DATABASE_URL: url, BACKUP_DIR: dir, BACKUP_EVERY: 3_600_000, BACKUP_KEEP: 2 }, logger);
    expect(schedule).not.toBeNull();
    try {
      // The newest backup is 10 minutes old: the next is due 50 minutes from now, not 60.
      await vi.advanceTimersByTimeAsync(49 * 60_000);
      expect(listBackups(dir).map((b) => b.name)).toEqual([old]);
      let done = nextBackup();
      await vi.advanceTimersByTimeAsync(60_000);
      await done;
      expect(listBackups(dir).map((b) => b.takenAt.getTime())).toEqual([start.getTime() - 10 * 60_000, start.getTime() + 50 * 60_000]);

      done = nextBackup();
      await vi.advanceTimersByTimeAsync(3_600_000);
      await done;
      // Two kept: the oldest went.
      expect(listBackups(dir).map((b) => b.takenAt.getTime())).toEqual([start.getTime() + 50 * 60_000, start.getTime() + 110 * 60_000]);
    } finally {
      await schedule?.stop();
    }
  });

  it("is off without BACKUP_EVERY, and never runs in the first minute after a start", () => {
    expect(
      startBackupSchedule(
        { DATABASE_URL: "file:./nowhere.db", BACKUP_DIR: tempDir("off"), BACKUP_EVERY: undefined, BACKUP_KEEP: undefined },
        createLogger("silent"),
      ),
    ).toBeNull();
    const now = new Date("2030-01-01T00:00:00Z");
    expect(nextBackupDelay(undefined, now, 3_600_000)).toBe(60_000);
    expect(nextBackupDelay(new Date(now.getTime() - 5 * 3_600_000), now, 3_600_000)).toBe(60_000);
    expect(nextBackupDelay(new Date(now.getTime() - 20 * 60_000), now, 3_600_000)).toBe(40 * 60_000);
    // A newest backup "from the future" (a clock put back) waits one interval, not longer.
    expect(nextBackupDelay(new Date(now.getTime() + 86_400_000), now, 3_600_000)).toBe(3_600_000);
  });
});
