// The outbox's contract on both databases: an effect exists exactly when its transaction
// commits, a dedupe key records one effect, concurrent claimers never share an effect, an
// expired lease is claimed again, only the lease holder finishes an effect, and a scheduled
// effect waits for its time.
//
// The PostgreSQL database is shared by the run's test files, so every test here works at
// its own instant far in the future: no other file's claim (at the real time) reaches these
// effects. Each test's instant is a year before the previous test's, so what an earlier
// test left queued is not yet due for a later one.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { createEffectRepository, type EffectRepository, type NewEffect } from "../../server/storage/effect.repository";
import { openTestDatabase, providers } from "../helpers/databases";

const YEAR_MS = 365 * 86_400_000;
let era = 0;
/** An instant no other test uses: a year of its own, some thousand years from now, earlier than the previous test's. */
const ownTime = () => new Date(Date.now() + 1000 * YEAR_MS - ++era * YEAR_MS);

const mail = (tag: string, at: Date, extra: Pick<NewEffect, "dedupeKey" | "exerciseId" | "runAt"> = {}): NewEffect => ({
  kind: "email.send",
  payload: { to: `${tag}@example.test`, subject: "Hello", text: `for ${tag}` },
  runAt: at,
  ...extra,
});

describe.each(providers)("the effect outbox on %s", (provider) => {
  let db: Database;
  let repo: EffectRepository;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    // The run's PostgreSQL database is shared with other test files, whose commands schedule
    // effects of other kinds (injects.due): this file claims only the mails it writes.
    const shared = createEffectRepository(db);
    repo = {
      ...shared,
      claim: (workerId, now, limit, leaseMs, kinds) => shared.claim(workerId, now, limit, leaseMs, kinds ?? ["email.send"]),
    };
  });
  afterAll(async () => db.close());

  it("records nothing when the enqueueing transaction rolls back", async () => {
    const key = `rollback-${randomUUID()}`;
    await expect(
      db.prisma.$transaction(async (tx) => {
        expect(await repo.enqueue(tx, mail("rolled-back", ownTime(), { dedupeKey: key }))).toBe(true);
        throw new Error("the command failed");
      }),
    ).rejects.toThrow("the command failed");
    expect(await db.prisma.effect.count({ where: { dedupeKey: key } })).toBe(0);
  });

  it("records an effect with the transaction's change when it commits", async () => {
    const key = `commit-${randomUUID()}`;
    await db.prisma.$transaction(async (tx) => {
      await tx.auditEntry.create({ data: { action: "effect.test", target: key } });
      await repo.enqueue(tx, mail("committed", ownTime(), { dedupeKey: key }));
    });
    expect(await db.prisma.effect.count({ where: { dedupeKey: key } })).toBe(1);
    expect(await db.prisma.auditEntry.count({ where: { target: key } })).toBe(1);
  });

  it("records one effect for a dedupe key enqueued twice, and the second transaction still commits", async () => {
    const key = `twice-${randomUUID()}`;
    const at = ownTime();
    expect(await repo.enqueueNow(mail("first", at, { dedupeKey: key }))).toBe(true);
    await db.prisma.$transaction(async (tx) => {
      expect(await repo.enqueue(tx, mail("second", at, { dedupeKey: key }))).toBe(false);
      await tx.auditEntry.create({ data: { action: "effect.test", target: key } });
    });
    expect(await db.prisma.auditEntry.count({ where: { target: key } })).toBe(1);
    const rows = await db.prisma.effect.findMany({ where: { dedupeKey: key } });
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ to: "first@example.test" });
  });

  it("refuses a payload its kind does not allow", async () => {
    const bad = { kind: "email.send", payload: { to: "not an address", subject: "x", text: "y" } } as NewEffect;
    await expect(repo.enqueueNow(bad)).rejects.toThrow();
  });

  it("does not claim a scheduled effect before its time, and claims it at its time", async () => {
    const at = ownTime();
    await repo.enqueueNow(mail("scheduled", at));
    expect(await repo.claim("worker-a", new Date(at.getTime() - 1), 10, 60_000)).toEqual([]);
    const [claimed, ...rest] = await repo.claim("worker-a", at, 10, 60_000);
    expect(rest).toEqual([]);
    expect(claimed).toMatchObject({ kind: "email.send", attempts: 1, leaseUntil: new Date(at.getTime() + 60_000) });
    expect(JSON.parse(claimed!.payload)).toMatchObject({ to: "scheduled@example.test" });
  });

  it("claims an effect again once its lease has expired, and not before", async () => {
    const at = ownTime();
    await repo.enqueueNow(mail("lease", at));
    const [first] = await repo.claim("worker-a", at, 10, 1000);
    expect(first).toBeDefined();
    expect(await repo.claim("worker-b", new Date(at.getTime() + 999), 10, 1000)).toEqual([]);
    const [again] = await repo.claim("worker-b", new Date(at.getTime() + 1001), 10, 1000);
    expect(again).toMatchObject({ id: first!.id, attempts: 2 });
    // The first holder lost it: it can no longer complete, retry or fail it.
    expect(await repo.complete(first!.id, "worker-a")).toBe(false);
    expect(await repo.retry(first!.id, "worker-a", "late", at)).toBe(false);
    expect(await repo.fail(first!.id, "worker-a", "late")).toBe(false);
    expect(await repo.extend([first!.id], "worker-a", new Date(at.getTime() + 5000))).toBe(0);
    expect(await repo.complete(first!.id, "worker-b")).toBe(true);
  });

  it("lets only the lease holder complete an effect, which is then never claimed again and keeps no payload", async () => {
    const at = ownTime();
    await repo.enqueueNow(mail("holder", at));
    const [effect] = await repo.claim("worker-a", at, 10, 1000);
    expect(await repo.complete(effect!.id, "worker-b")).toBe(false);
    expect(await repo.complete(effect!.id, "worker-a", at)).toBe(true);
    expect(await repo.complete(effect!.id, "worker-a", at)).toBe(false);
    expect(await repo.claim("worker-b", new Date(at.getTime() + 86_400_000), 10, 1000)).toEqual([]);
    const row = await db.prisma.effect.findUniqueOrThrow({ where: { id: effect!.id } });
    expect(row).toMatchObject({ doneAt: at, leaseUntil: null, payload: "{}" });
  });

  it("runs a retried effect again at the time it was given, keeping the error", async () => {
    const at = ownTime();
    await repo.enqueueNow(mail("retry", at));
    const [effect] = await repo.claim("worker-a", at, 10, 60_000);
    const next = new Date(at.getTime() + 5000);
    expect(await repo.retry(effect!.id, "worker-b", "not mine", next)).toBe(false);
    expect(await repo.retry(effect!.id, "worker-a", "SMTP said no", next)).toBe(true);
    expect(await repo.claim("worker-a", new Date(next.getTime() - 1), 10, 60_000)).toEqual([]);
    const [again] = await repo.claim("worker-b", next, 10, 60_000);
    expect(again).toMatchObject({ id: effect!.id, attempts: 2 });
    expect(await repo.fail(again!.id, "worker-b", "gave up", next)).toBe(true);
    expect(await db.prisma.effect.findUniqueOrThrow({ where: { id: effect!.id } })).toMatchObject({
      failedAt: next,
      lastError: "gave up",
      payload: "{}",
    });
    expect(await repo.claim("worker-b", new Date(next.getTime() + 10 * 60_000), 10, 60_000)).toEqual([]);
  });

  it("keeps a running effect from being taken over while its lease is extended", async () => {
    const at = ownTime();
    await repo.enqueueNow(mail("extend", at));
    const [effect] = await repo.claim("worker-a", at, 10, 1000);
    expect(await repo.extend([effect!.id], "worker-a", new Date(at.getTime() + 5000))).toBe(1);
    expect(await repo.claim("worker-b", new Date(at.getTime() + 4000), 10, 1000)).toEqual([]);
    expect(await repo.complete(effect!.id, "worker-a")).toBe(true);
  });

  it("claims only the kinds it is asked for", async () => {
    const at = ownTime();
    await repo.enqueueNow(mail("kinds", at));
    expect(await repo.claim("worker-a", at, 10, 1000, [])).toEqual([]);
    // Another kind (not injects.due: other files' scheduled injects share this database).
    expect(await repo.claim("worker-a", at, 10, 1000, ["no.such-kind"])).toEqual([]);
    expect(await repo.claim("worker-a", at, 10, 1000, ["email.send"])).toHaveLength(1);
  });

  it("never gives one effect to two workers claiming at once (through two clients on PostgreSQL)", async () => {
    const at = ownTime();
    const count = 120;
    for (let i = 0; i < count; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => repo.enqueueNow(mail(`race-${i + j}`, at))));
    }
    // On PostgreSQL a second client with a connection pool of its own, as a second node has.
    // SQLite serves one node: its claimers share the process's one connection (a second
    // connection in the same process would block the event loop on the file's lock).
    const other = provider === "postgresql" ? await openTestDatabase(provider) : null;
    try {
      const second = other ? createEffectRepository(other) : null;
      const repos: EffectRepository[] = [
        repo,
        second ? { ...second, claim: (w, t, n, l) => second.claim(w, t, n, l, ["email.send"]) } : repo,
      ];
      const taken = new Map<string, string>();
      const twice: string[] = [];
      const drain = async (r: EffectRepository, worker: string) => {
        for (;;) {
          const batch = await r.claim(worker, at, 7, 60_000);
          if (batch.length === 0) return;
          for (const effect of batch) {
            // Other files share the run's PostgreSQL database: count only this test's rows.
            if (!effect.payload.includes('"race-')) continue;
            if (taken.has(effect.id)) twice.push(effect.id);
            taken.set(effect.id, worker);
          }
        }
      };
      await Promise.all([drain(repos[0]!, "node-1"), drain(repos[1]!, "node-2"), drain(repos[0]!, "node-1b"), drain(repos[1]!, "node-2b")]);
      expect(twice).toEqual([]);
      expect(taken.size).toBe(count);
      const byWorker = new Set(taken.values());
      // Each database row carries the worker that was told it had it.
      const rows = await db.prisma.effect.findMany({
        where: { id: { in: [...taken.keys()] } },
        select: { id: true, leasedBy: true, attempts: true },
      });
      expect(rows.every((row) => row.leasedBy === taken.get(row.id) && row.attempts === 1)).toBe(true);
      // On PostgreSQL the claims really ran side by side (SQLite's run one after another).
      if (provider === "postgresql") expect(byWorker.size).toBeGreaterThan(1);
    } finally {
      await other?.close();
    }
  });
});
