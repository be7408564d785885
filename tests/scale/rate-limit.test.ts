// Rate limits counted in Redis are shared by the nodes of a cluster.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { redisRateLimiters } from "../../server/auth/rate-limit";
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

  it("lets the key try again in the next window", async () => {
    const limiter = redisRateLimiters(clients[0]!, prefix)("short", { limit: 1, windowMs: 300 });
    // Start at the beginning of a window so both hits fall in it.
    await new Promise((r) => setTimeout(r, 300 - (Date.now() % 300) + 5));
    expect([await limiter.hit("k"), await limiter.hit("k")]).toEqual([true, false]);
    await new Promise((r) => setTimeout(r, 350));
    expect(await limiter.hit("k")).toBe(true);
  });
});
