// Fixed-window counters per key. In memory for one node; in Redis for several nodes, so
// that a client's attempts count the same on whichever node it reaches.
import type { RedisClient } from "../scale/redis";

export interface RateLimiter {
  /** Records one attempt; false when the key has used up its attempts in this window. */
  hit(key: string): Promise<boolean>;
  /** Seconds until the key may try again (0 if it may now). Once `limit` attempts are
   *  recorded the key may not try again in this window, so this is then above 0. */
  retryAfter(key: string): Promise<number>;
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Builds a named limiter: one node keeps counts in memory, a cluster in Redis. */
export type RateLimiterFactory = (name: string, limit: RateLimit) => RateLimiter;

export function createRateLimiter(options: RateLimit & { now?: () => number }): RateLimiter {
  const { limit, windowMs, now = Date.now } = options;
  const windows = new Map<string, { start: number; count: number }>();

  function current(key: string) {
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    if (windows.size > 10_000) {
      for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
    }
    return w;
  }

  return {
    async hit(key) {
      const w = current(key);
      w.count++;
      return w.count <= limit;
    },
    async retryAfter(key) {
      const w = windows.get(key);
      if (!w || w.count < limit) return 0;
      return Math.max(0, Math.ceil((w.start + windowMs - now()) / 1000));
    },
  };
}

export const memoryRateLimiters: RateLimiterFactory = (_name, limit) => createRateLimiter(limit);

/** Windows aligned to the clock, one counter key per window, expiring with it. */
export function redisRateLimiters(redis: RedisClient, keyPrefix: string): RateLimiterFactory {
  return (name, { limit, windowMs }) => {
    const keyOf = (key: string) => `${keyPrefix}:rate:${name}:${key}:${Math.floor(Date.now() / windowMs)}`;
    return {
      async hit(key) {
        const k = keyOf(key);
        const [count] = (await redis.multi().incr(k).pExpire(k, windowMs).exec()) as unknown as [number, number];
        return count <= limit;
      },
      async retryAfter(key) {
        const k = keyOf(key);
        const [count, ttl] = (await redis.multi().get(k).pTTL(k).exec()) as unknown as [string | null, number];
        if (Number(count ?? 0) < limit) return 0;
        return Math.max(1, Math.ceil(ttl / 1000));
      },
    };
  };
}
