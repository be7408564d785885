// A fixed-window counter per key, in memory. Enough for one node; several nodes behind
// a load balancer each keep their own count (docs/deploy.md, "What each node still
// keeps to itself").
export interface RateLimiter {
  /** Records one attempt; false when the key has used up its attempts in this window. */
  hit(key: string): boolean;
  /** Seconds until the key may try again (0 if it may now). */
  retryAfter(key: string): number;
}

export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => number }): RateLimiter {
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
    hit(key) {
      const w = current(key);
      w.count++;
      return w.count <= limit;
    },
    retryAfter(key) {
      const w = windows.get(key);
      if (!w || w.count <= limit) return 0;
      return Math.max(0, Math.ceil((w.start + windowMs - now()) / 1000));
    },
  };
}
