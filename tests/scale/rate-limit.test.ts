// Rate limits counted in Redis are shared by the nodes of a cluster.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { createJoinService } from "../../server/auth/join.service";
import { createRateLimiter, redisRateLimiters } from "../../server/auth/rate-limit";
import { memoryJoinBackoff, redisJoinBackoff } from "../../server/auth/join-backoff";
import { openTestDatabase } from "../helpers/databases";
import { deleteRedisKeys, REDIS_URL, testPrefix } from "../helpers/redis";

const prefix = testPrefix("rate");

describe("rate limits in Redis", () => {
  const clients: ReturnType<typeof createClient>[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const c = createClient({ url: REDIS_URL });
      await c.connect();
      clients.push(c);
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
    await deleteRedisKeys(prefix);
  });

  it("counts a key's attempts on every node together", async () => {
    const [a, b] = clients.map((c) => redisRateLimiters(c, prefix)("join-codes", { limit: 3, windowMs: 60_000 }));
    const results = [await a!.hit("10.0.0.1"), await b!.hit("10.0.0.1"), await a!.hit("10.0.0.1"), await b!.hit("10.0.0.1")];
    expect(results).toEqual([true, true, true, false]);
    expect(await a!.retryAfter("10.0.0.1")).toBeGreaterThan(0);
    expect(await b!.retryAfter("10.0.0.1")).toBeLessThanOrEqual(60);
    // Another key and another limiter name keep their own counts.
    expect(await b!.hit("10.0.0.2")).toBe(true);
    expect(await b!.retryAfter("10.0.0.2")).toBe(0);
    expect(await redisRateLimiters(clients[0]!, prefix)("messages", { limit: 1, windowMs: 60_000 }).hit("10.0.0.1")).toBe(true);
  });

  it("asks the key to wait once it has used its last attempt, in Redis as in memory", async () => {
    const limiters = [
      redisRateLimiters(clients[0]!, prefix)("last-attempt", { limit: 2, windowMs: 60_000 }),
      createRateLimiter({ limit: 2, windowMs: 60_000 }),
    ];
    for (const limiter of limiters) {
      expect(await limiter.hit("k")).toBe(true);
      expect(await limiter.retryAfter("k")).toBe(0);
      expect(await limiter.hit("k")).toBe(true);
      expect(await limiter.retryAfter("k")).toBeGreaterThan(0);
    }
  });

  it("lets a client send exactly 10 wrong join codes through Redis counts, then makes it wait", async () => {
    const db = await openTestDatabase("sqlite");
    try {
      const joins = createJoinService(db.prisma, {
        backoff: redisJoinBackoff(clients[0]!, prefix, { free: 10, windowMs: 10 * 60_000, maxWaitMs: 60_000 }),
      });
      const codes: string[] = [];
      for (let i = 0; i < 11; i++) {
        const result = await joins.join({ code: "ZZZZZ-ZZZZZ", displayName: "Mallory" }, "10.0.0.3");
        codes.push(result.ok ? "ok" : result.code);
      }
      expect(codes).toEqual([...Array<string>(10).fill("not_found"), "rate_limited"]);
    } finally {
      await db.close();
    }
  });

  it("shares the join backoff between nodes, lets no parallel burst past it, and doubles the wait", async () => {
    const policy = { free: 2, windowMs: 60_000, maxWaitMs: 4_000 };
    const [a, b] = clients.map((c) => redisJoinBackoff(c, prefix, policy));
    const turns = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a! : b!).take("10.0.0.4")));
    expect(turns.filter((t) => t.ok)).toHaveLength(2);
    expect(await b!.waitOf("10.0.0.4")).toBe(1);
    await new Promise((r) => setTimeout(r, 1_050));
    expect(await a!.take("10.0.0.4")).toEqual({ ok: true });
    expect(await b!.take("10.0.0.4")).toEqual({ ok: false, retryAfterS: 2 });
    // A right code gives its turn back: the count goes down, not up.
    await a!.refund("10.0.0.5");
    expect(await a!.take("10.0.0.5")).toEqual({ ok: true });
  });

  it("caps the wait and forgets wrong codes after the window, in memory as in Redis", async () => {
    let t = 0;
    const memory = memoryJoinBackoff({ free: 1, windowMs: 60_000, maxWaitMs: 4_000 }, () => t);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(await memory.take("k")).toEqual({ ok: true });
      waits.push(await memory.waitOf("k"));
      t += waits.at(-1)! * 1000;
    }
    expect(waits).toEqual([1, 2, 4, 4, 4]);
    t += 60_000;
    expect(await memory.take("k")).toEqual({ ok: true });
    expect(await memory.waitOf("k")).toBe(1); // the count started again: first wrong code of a new window
  });

  it("lets the key try again in the next window", async () => {
    const limiter = redisRateLimiters(clients[0]!, prefix)("short", { limit: 1, windowMs: 300 });
    // Start at the beginning of a window so both hits fall in it.
    await new Promise((r) => setTimeout(r, 300 - (Date.now() % 300) + 5));
    expect([await limiter.hit("k"), await limiter.hit("k")]).toEqual([true, false]);
    await new Promise((r) => setTimeout(r, 350));
    expect(await limiter.hit("k")).toBe(true);
  });
});
