// Password guessing is throttled twice: per account, so that many addresses cannot share
// out the guesses at one password, and per client address, so that one address cannot
// spread its guesses over many accounts. In memory on one node; in Redis in a cluster, so
// that every node counts the same attempts.
import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RedisClient } from "../scale/redis";

export const SIGN_IN_WINDOW_S = 15 * 60;
/** Failed sign-ins one account may have per window, from any addresses. */
export const SIGN_IN_FAILURES_PER_ACCOUNT = 5;
/** Failed sign-ins one client address may make per window, at any accounts. */
export const SIGN_IN_FAILURES_PER_ADDRESS = 20;

export type SignInAttempt =
  | { ok: true; /** The password was right: the attempt is not counted as a failure. */ succeeded(): Promise<void> }
  | { ok: false; retryAfterS: number };

export interface SignInThrottle {
  /**
   * Counts an attempt as failed before its password is checked, so that guesses sent all at
   * once cannot exceed the limits, and refuses it once either count is used up.
   */
  attempt(email: string, address: string): Promise<SignInAttempt>;
}

export interface SignInStore {
  redis: RedisClient;
  keyPrefix: string;
}

/** A short, stable pseudonym for an account: keys and logs need no address in clear. */
export const accountKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("base64url").slice(0, 22);

export function createSignInThrottle(store?: SignInStore): SignInThrottle {
  const limiter = (name: string, points: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix: `sign-in:${name}`, points, duration: SIGN_IN_WINDOW_S });
    if (!store) return memory;
    // While Redis is unreachable each node counts on its own rather than letting all through.
    return new RateLimiterRedis({
      storeClient: store.redis,
      useRedisPackage: true,
      keyPrefix: `${store.keyPrefix}:sign-in:${name}`,
      points,
      duration: SIGN_IN_WINDOW_S,
      insuranceLimiter: memory,
    });
  };
  const byAccount = limiter("account", SIGN_IN_FAILURES_PER_ACCOUNT);
  const byAddress = limiter("address", SIGN_IN_FAILURES_PER_ADDRESS);

  return {
    async attempt(email, address) {
      const account = accountKey(email);
      const [onAccount, onAddress] = await Promise.allSettled([byAccount.consume(account), byAddress.consume(address)]);
      const refusals: RateLimiterRes[] = [];
      for (const outcome of [onAccount, onAddress]) {
        if (outcome.status === "fulfilled") continue;
        if (!(outcome.reason instanceof RateLimiterRes)) throw outcome.reason;
        refusals.push(outcome.reason);
      }
      if (refusals.length > 0) {
        // A refused attempt tries no password: it gives back what it took from the other count,
        // so that a throttled address cannot lock the accounts it names.
        if (onAccount.status === "fulfilled") await byAccount.reward(account, 1);
        if (onAddress.status === "fulfilled") await byAddress.reward(address, 1);
        return { ok: false, retryAfterS: Math.max(1, ...refusals.map((r) => Math.ceil(r.msBeforeNext / 1000))) };
      }
      return {
        ok: true,
        async succeeded() {
          // Whoever knows the password ends the account's run of failures.
          await Promise.all([byAccount.delete(account), byAddress.reward(address, 1)]);
        },
      };
    },
  };
}
