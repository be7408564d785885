// The outbox's worker over real databases: a failing handler is tried again further apart
// each time and then left failed; an effect a stopped (or dead) worker held runs on another
// once its lease runs out; stop() lets a running handler finish; wake() runs an effect right
// after its commit; and several workers sharing one PostgreSQL run each effect exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import pg from "pg";
import { join } from "node:path";
import type { Database } from "../../server/db/client";
import { openDatabase } from "../../server/db/client";
import { migrateDatabase } from "../../server/db/migrate";
import { createLogger } from "../../server/logger";
import { createEffectRepository, type EffectRepository, type NewEffect } from "../../server/storage/effect.repository";
import { createEffectWorker, exponentialBackoff, type EffectHandlers, type EffectWorkerDeps } from "../../server/effects/effect-worker";
import { openTestDatabase } from "../helpers/databases";
import { waitUntil } from "../helpers/wait";

interface LogLine {
  level: number;
  msg: string;
  effectId?: string;
}

function recordingLogger() {
  const lines: LogLine[] = [];
  return { lines, logger: createLogger("info", "effects-test", { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) }) };
}

const mail = (tag: string, runAt: Date): NewEffect => ({
  kind: "email.send",
  payload: { to: `${tag}@example.test`, subject: "Hello", text: `for ${tag}` },
  runAt,
});

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe("the effect worker on sqlite", () => {
  let db: Database;
  let repo: EffectRepository;
  let t = Date.now();
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  const worker = (handlers: EffectHandlers, extra: Partial<EffectWorkerDeps> = {}) =>
    createEffectWorker({ repository: repo, handlers, logger: createLogger("silent"), now: clock.now, leaseMs: 30_000, ...extra });
  /** The queued effect for this address (a finished one keeps no payload: read it by id). */
  const row = (to: string) => db.prisma.effect.findFirstOrThrow({ where: { payload: { contains: to } } });
  const byId = (id: string) => db.prisma.effect.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    db = await openTestDatabase("sqlite");
    repo = createEffectRepository(db);
  });
  afterAll(async () => db.close());

  it("tries a failing handler again with exponential backoff, then leaves it failed with its last error and logs it", async () => {
    const { lines, logger } = recordingLogger();
    const tries: number[] = [];
    const failing = worker(
      {
        "email.send": async (_mail, context) => {
          tries.push(clock.now());
          throw new Error(`SMTP 451 on attempt ${context.attempt}`);
        },
      },
      { maxAttempts: 3, backoff: exponentialBackoff(1000, 60_000), logger },
    );
    const start = clock.now();
    await repo.enqueueNow(mail("backoff", new Date(start)));
    const { id } = await row("backoff@");

    await failing.runDue();
    expect(tries).toEqual([start]);
    expect(await db.prisma.effect.findUniqueOrThrow({ where: { id } })).toMatchObject({
      attempts: 1,
      runAt: new Date(start + 1000),
      lastError: "Error: SMTP 451 on attempt 1",
      failedAt: null,
      leasedBy: null,
    });
    clock.advance(999);
    await failing.runDue();
    expect(tries).toHaveLength(1);
    clock.advance(1);
    await failing.runDue();
    // The second wait is twice the first.
    expect(await db.prisma.effect.findUniqueOrThrow({ where: { id } })).toMatchObject({
      attempts: 2,
      runAt: new Date(start + 1000 + 2000),
    });
    clock.advance(1999);
    await failing.runDue();
    expect(tries).toHaveLength(2);
    clock.advance(1);
    await failing.runDue();
    expect(tries).toEqual([start, start + 1000, start + 3000]);
    const failed = await db.prisma.effect.findUniqueOrThrow({ where: { id } });
    expect(failed).toMatchObject({
      attempts: 3,
      failedAt: new Date(start + 3000),
      doneAt: null,
      lastError: "Error: SMTP 451 on attempt 3",
      payload: "{}",
    });
    clock.advance(24 * 3_600_000);
    await failing.runDue();
    expect(tries).toHaveLength(3);
    expect(lines.filter((l) => l.msg === "effect failed; trying again later")).toHaveLength(2);
    expect(lines.filter((l) => l.msg === "effect failed after its last attempt" && l.effectId === id && l.level === 50)).toHaveLength(1);
  });

  it("runs an effect a stopped worker held and never completed, on another worker once the lease runs out", async () => {
    const runs: string[] = [];
    const stuck = deferred();
    const first = worker({
      "email.send": async () => {
        runs.push("first");
        await stuck.promise;
      },
    });
    await repo.enqueueNow(mail("restart", new Date(clock.now())));
    const { id } = await row("restart@");
    const pass = first.runDue();
    await waitUntil("the first worker's handler to start", () => runs.length === 1);
    // Its handler never returns: stop gives up on it and its lease is no longer renewed.
    await first.stop(20);
    expect(await byId(id)).toMatchObject({ leasedBy: first.id, doneAt: null });

    const second = worker({ "email.send": async () => void runs.push("second") });
    await second.runDue();
    expect(runs).toEqual(["first"]);
    clock.advance(30_001);
    await second.runDue();
    expect(runs).toEqual(["first", "second"]);
    expect(await byId(id)).toMatchObject({ leasedBy: second.id, attempts: 2, doneAt: new Date(clock.now()) });
    // The first worker's handler returning late changes nothing: it no longer holds the lease.
    stuck.release();
    await pass;
    expect((await byId(id)).leasedBy).toBe(second.id);
  });

  it("lets a running handler finish before stop() resolves, so that the next worker has nothing to repeat", async () => {
    const runs: string[] = [];
    const slow = deferred();
    const first = worker({
      "email.send": async () => {
        runs.push("first");
        await slow.promise;
      },
    });
    await repo.enqueueNow(mail("clean-stop", new Date(clock.now())));
    const { id } = await row("clean-stop@");
    void first.runDue();
    await waitUntil("the handler to start", () => runs.length === 1);
    let stopped = false;
    const stopping = first.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    slow.release();
    await stopping;
    expect((await byId(id)).doneAt).not.toBeNull();
    const second = worker({ "email.send": async () => void runs.push("second") });
    clock.advance(60_000);
    await second.runDue();
    expect(runs).toEqual(["first"]);
  });

  it("runs an effect as soon as its transaction commits and wake() is called, without waiting for the poll", async () => {
    const sent: string[] = [];
    const live = worker({ "email.send": async (m) => void sent.push(m.to) }, { pollMs: 60_000 });
    live.start();
    try {
      await live.runDue(); // what earlier tests left due
      await db.prisma.$transaction(async (tx) => {
        await live.enqueue(tx, mail("woken", new Date(clock.now())));
        live.wake(); // before the commit: the effect is not visible yet
      });
      live.wake();
      await waitUntil("the woken effect to run", () => sent.includes("woken@example.test"));
      expect(sent.filter((to) => to === "woken@example.test")).toHaveLength(1);
    } finally {
      await live.stop();
    }
  });

  it("never runs an effect whose transaction is still open, and so none whose transaction rolls back", async () => {
    // On SQLite a query outside a transaction shares the connection with an open one and
    // would see its uncommitted rows: the worker's claims run in transactions of their own.
    const runs: string[] = [];
    const w = worker({ "email.send": async (m) => void runs.push(m.to) });
    await w.runDue(); // what earlier tests left due
    const gate = deferred();
    let enqueued = false;
    const command = db.prisma
      .$transaction(async (tx) => {
        await w.enqueue(tx, mail("uncommitted", new Date(clock.now())));
        enqueued = true;
        await gate.promise;
        throw new Error("the command failed");
      })
      .catch(() => "rolled back");
    await waitUntil("the effect to be enqueued", () => enqueued);
    const pass = w.runDue();
    await new Promise((r) => setTimeout(r, 20));
    gate.release();
    expect(await command).toBe("rolled back");
    await pass;
    await w.runDue();
    expect(runs).toEqual([]);
    expect(await db.prisma.effect.count({ where: { payload: { contains: "uncommitted@" } } })).toBe(0);
  });

  it("fails an effect whose stored payload no longer parses, without running a handler", async () => {
    const runs: string[] = [];
    const w = worker({ "email.send": async () => void runs.push("ran") });
    const { id } = await db.prisma.effect.create({
      data: { kind: "email.send", payload: '{"to":"nobody"}', runAt: new Date(clock.now()) },
    });
    await w.runDue();
    expect(runs).toEqual([]);
    expect(await db.prisma.effect.findUniqueOrThrow({ where: { id } })).toMatchObject({ failedAt: new Date(clock.now()) });
    expect((await db.prisma.effect.findUniqueOrThrow({ where: { id } })).lastError).toMatch(/^invalid payload/);
  });

  it("gives up on an effect whose last attempt never reported back", async () => {
    const runs: string[] = [];
    await repo.enqueueNow(mail("poison", new Date(clock.now())));
    const { id } = await row("poison@");
    // Two claims by workers that died while running it.
    await repo.claim("dead-1", new Date(clock.now()), 100, 1000);
    clock.advance(1001);
    await repo.claim("dead-2", new Date(clock.now()), 100, 1000);
    clock.advance(1001);
    await worker({ "email.send": async () => void runs.push("ran") }, { maxAttempts: 2 }).runDue();
    expect(runs).toEqual([]);
    expect(await db.prisma.effect.findUniqueOrThrow({ where: { id } })).toMatchObject({
      attempts: 3,
      lastError: "the lease ran out during the last attempt",
    });
  });
});

describe("effect workers of a cluster on one PostgreSQL", () => {
  // A database of its own: the run's shared one has other files' effects in it.
  const adminUrl = inject("postgresUrl").replace(/\/[^/]*$/, "/postgres");
  const name = `parley_effects_${process.pid}_${Date.now()}`;
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  let nodes: Database[] = [];

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${name}"`);
    await migrateDatabase(url, join(import.meta.dirname, "../.."), createLogger("silent"));
    nodes = [await openDatabase(url), await openDatabase(url), await openDatabase(url)];
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("runs every effect exactly once across three nodes' workers polling at once", async () => {
    const count = 90;
    const runs = new Map<string, string[]>();
    const first = createEffectRepository(nodes[0]!);
    for (let i = 0; i < count; i += 30)
      await Promise.all(Array.from({ length: 30 }, (_, j) => first.enqueueNow(mail(`node-${i + j}`, new Date()))));
    const workers = nodes.map((node, n) =>
      createEffectWorker({
        repository: createEffectRepository(node),
        logger: createLogger("silent"),
        batch: 4,
        handlers: {
          "email.send": async (m) => {
            runs.set(m.to, [...(runs.get(m.to) ?? []), `node-${n}`]);
            await new Promise((r) => setTimeout(r, 2));
          },
        },
      }),
    );
    await Promise.all(workers.map((w) => w.runDue()));
    expect(runs.size).toBe(count);
    expect([...runs.values()].filter((by) => by.length !== 1)).toEqual([]);
    expect(new Set([...runs.values()].flat()).size).toBeGreaterThan(1);
    expect(await nodes[0]!.prisma.effect.count({ where: { doneAt: null } })).toBe(0);
  });
});
