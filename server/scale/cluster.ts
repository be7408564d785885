// Several Parley nodes behind a load balancer: they share PostgreSQL and one Redis, which
// carries Socket.io's broadcasts between nodes (Redis streams adapter) and the exercise
// lock. Built only when REDIS_URL is set; a single node needs none of it.
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Logger } from "../logger";
import { createRedisExerciseLock, type ExerciseLock } from "./exercise-lock";
import { connectRedis } from "./redis";
import { redisRateLimiters, type RateLimiterFactory } from "../auth/rate-limit";
import { createSignInThrottle, type SignInThrottle } from "../auth/sign-in-throttle";
import { redisJoinBackoff, type JoinBackoff } from "../auth/join-backoff";

export interface Cluster {
  adapter: ReturnType<typeof createAdapter>;
  lock: ExerciseLock;
  /** Rate limits counted across nodes. */
  rateLimiters: RateLimiterFactory;
  /** Password attempts counted across nodes. */
  signInThrottle: SignInThrottle;
  /** Wrong join codes counted across nodes. */
  joinBackoff: JoinBackoff;
  /** Resolves when Redis answers (the health check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function joinCluster(
  redisUrl: string,
  logger: Logger,
  options: { streamName?: string; keyPrefix?: string } = {},
): Promise<Cluster> {
  const redis = await connectRedis(redisUrl, logger);
  const prefix = options.keyPrefix ?? "parley";
  return {
    adapter: createAdapter(redis, { streamName: options.streamName ?? `${prefix}:socket.io` }),
    lock: createRedisExerciseLock(redis, { logger, keyPrefix: prefix }),
    rateLimiters: redisRateLimiters(redis, prefix),
    signInThrottle: createSignInThrottle({ redis, keyPrefix: prefix }),
    joinBackoff: redisJoinBackoff(redis, prefix),
    async ping() {
      await redis.ping();
    },
    async close() {
      await redis.quit().catch(() => undefined);
    },
  };
}
