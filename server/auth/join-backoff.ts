// Wrong join codes slow an address down; they never lock it out. A seminar room is often
// one address behind NAT, so a budget sized for a class mistyping is free; past it, each
// further wrong code makes the address wait before its next try (1 s, 2 s, 4 s … at most
// a minute), and a right code is never refused for longer than that. In memory on one
// node; in Redis in a cluster, so every node counts the same attempts.
import type { RedisClient } from "../scale/redis";

export interface JoinBackoffPolicy {
  /** Wrong codes one address may send per window before it has to wait (1 s after the last). */
  free: number;
  /** How long the count of wrong codes lasts (from the first of them). */
  windowMs: number;
  /** The longest wait between two tries. */
  maxWaitMs: number;
}

/**
 * A class of 40 mistyping twice each stays within the free budget. Past it, a guesser gets
 * about 75 tries per 10 minutes (~10,800 a day); codes carry ~49.5 bits (10 characters of
 * 31), so with 50 exercises open a guess succeeds once in ~1.6·10^13 tries: ~4 million years
 * from one address, ~400 years from ten thousand.
 */
export const DEFAULT_JOIN_BACKOFF: JoinBackoffPolicy = { free: 60, windowMs: 10 * 60_000, maxWaitMs: 60_000 };

export type JoinTurn = { ok: true } | { ok: false; retryAfterS: number };

export interface JoinBackoff {
  /**
   * Takes a turn for one attempt before its code is looked up, so that codes sent all at
   * once cannot test more than the policy allows. Refused (with the wait) while the address
   * must still wait.
   */
  take(key: string): Promise<JoinTurn>;
  /** The code was right: the attempt does not count as a wrong one. */
  refund(key: string): Promise<void>;
  /** Seconds the key must wait before its next try (0: it may try now). */
  waitOf(key: string): Promise<number>;
}

/** The wait a key must observe after its `count`-th wrong code in the window. */
export function waitAfter(count: number, policy: JoinBackoffPolicy): number {
  if (count < policy.free) return 0;
  return Math.min(1000 * 2 ** (count - policy.free), policy.maxWaitMs);
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function memoryJoinBackoff(policy: JoinBackoffPolicy = DEFAULT_JOIN_BACKOFF, now: () => number = Date.now): JoinBackoff {
  const state = new Map<string, { count: number; start: number; next: number }>();
  const sweep = (t: number) => {
    if (state.size < 10_000) return;
    for (const [k, v] of state) if (t - v.start >= policy.windowMs && t >= v.next) state.delete(k);
  };
  return {
    async take(key) {
      const t = now();
      const s = state.get(key) ?? { count: 0, start: t, next: 0 };
      if (t < s.next) return { ok: false, retryAfterS: seconds(s.next - t) };
      if (t - s.start >= policy.windowMs) Object.assign(s, { count: 0, start: t });
      s.count++;
      s.next = t + waitAfter(s.count, policy);
      state.set(key, s);
      sweep(t);
      return { ok: true };
    },
    async refund(key) {
      const s = state.get(key);
      if (s && s.count > 0) s.count--;
    },
    async waitOf(key) {
      const s = state.get(key);
      const t = now();
      return s && t < s.next ? seconds(s.next - t) : 0;
    },
  };
}

// One script, so that two nodes taking a turn for the same address at once cannot both pass.
const TAKE = `
local now = tonumber(ARGV[1])
local free = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local maxWait = tonumber(ARGV[4])
local s = redis.call('HMGET', KEYS[1], 'count', 'start', 'next')
local count = tonumber(s[1]) or 0
local start = tonumber(s[2]) or now
local nxt = tonumber(s[3]) or 0
if now < nxt then return nxt - now end
if now - start >= window then count = 0; start = now end
count = count + 1
nxt = now
if count >= free then nxt = now + math.min(1000 * 2 ^ (count - free), maxWait) end
redis.call('HSET', KEYS[1], 'count', count, 'start', start, 'next', nxt)
redis.call('PEXPIRE', KEYS[1], window + maxWait)
return 0
`;
const REFUND = `
local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
if count > 0 then redis.call('HSET', KEYS[1], 'count', count - 1) end
return 0
`;

export function redisJoinBackoff(redis: RedisClient, keyPrefix: string, policy: JoinBackoffPolicy = DEFAULT_JOIN_BACKOFF): JoinBackoff {
  const keyOf = (key: string) => `${keyPrefix}:join-backoff:${key}`;
  return {
    async take(key) {
      const args = [Date.now(), policy.free, policy.windowMs, policy.maxWaitMs].map(String);
      const wait = Number(await redis.eval(TAKE, { keys: [keyOf(key)], arguments: args }));
      return wait > 0 ? { ok: false, retryAfterS: seconds(wait) } : { ok: true };
    },
    async refund(key) {
      await redis.eval(REFUND, { keys: [keyOf(key)], arguments: [] });
    },
    async waitOf(key) {
      const next = Number((await redis.hGet(keyOf(key), "next")) ?? 0);
      const wait = next - Date.now();
      return wait > 0 ? seconds(wait) : 0;
    },
  };
}
