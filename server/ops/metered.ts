// Decorators that record metrics around the ports compose.ts wires (the log, the rate
// limits), so that the rooms, the join service and the sign-in provider stay unaware of them.
import type { JoinBackoff } from "../auth/join-backoff";
import type { RateLimiter } from "../auth/rate-limit";
import type { SignInThrottle } from "../auth/sign-in-throttle";
import type { ExerciseLogRepository } from "../storage/exercise-log.repository";
import type { LimiterName, Metrics } from "./metrics";

export function meteredLog(log: ExerciseLogRepository, metrics: Metrics): ExerciseLogRepository {
  return {
    ...log,
    async append(event, project) {
      const started = performance.now();
      try {
        return await log.append(event, project);
      } finally {
        metrics.logAppended((performance.now() - started) / 1000);
      }
    },
  };
}

export function meteredLimiter(limiter: RateLimiter, metrics: Metrics, name: LimiterName): RateLimiter {
  return {
    retryAfter: (key) => limiter.retryAfter(key),
    async hit(key) {
      const allowed = await limiter.hit(key);
      if (!allowed) metrics.refused(name);
      return allowed;
    },
  };
}

export function meteredJoinBackoff(backoff: JoinBackoff, metrics: Metrics): JoinBackoff {
  return {
    refund: (key) => backoff.refund(key),
    waitOf: (key) => backoff.waitOf(key),
    async take(key) {
      const turn = await backoff.take(key);
      if (!turn.ok) metrics.refused("join-codes");
      return turn;
    },
  };
}

export function meteredSignIns(throttle: SignInThrottle, metrics: Metrics): SignInThrottle {
  return {
    async attempt(email, address) {
      const attempt = await throttle.attempt(email, address);
      if (!attempt.ok) metrics.refused("sign-in");
      return attempt;
    },
  };
}
