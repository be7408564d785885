import type { Database } from "../db/client";
import type { ServerState } from "../ops/lifecycle";

/** What several nodes share besides the database (server/scale/cluster.ts). */
export interface SharedService {
  ping(): Promise<void>;
}

export interface HealthBody {
  status: "ok" | "error";
  db: "ok" | "unreachable";
  /** Present when the node runs in a cluster. */
  redis?: "ok" | "unreachable";
  reason?: string;
}

export interface Health {
  status: 200 | 503;
  body: HealthBody;
}

const PING_TIMEOUT_MS = 3_000;

/** 200 when the database (and, in a cluster, Redis) answers; 503 with the reason otherwise. */
export async function checkHealth(db: Database, redis?: SharedService): Promise<Health> {
  const [dbError, redisError] = await Promise.all([failure(() => db.ping()), redis ? failure(() => redis.ping()) : Promise.resolve(null)]);
  const body: HealthBody = { status: dbError || redisError ? "error" : "ok", db: dbError ? "unreachable" : "ok" };
  if (redis) body.redis = redisError ? "unreachable" : "ok";
  const reasons = [dbError && describe("the database", dbError), redisError && describe("Redis", redisError)].filter(Boolean);
  if (reasons.length > 0) body.reason = reasons.join("; ");
  return { status: body.status === "ok" ? 200 : 503, body };
}

/** Readiness: the dependencies answer and the process is neither starting nor draining. */
export type ReadinessBody = (HealthBody | { status: "error"; reason: string }) & { state: ServerState };

const NOT_SERVING: Record<Exclude<ServerState, "serving">, string> = {
  starting: "the server is starting: its running exercises are not loaded yet",
  draining: "the server is shutting down",
};

/**
 * 200 when the server is serving and its dependencies answer; 503 with the reason while it
 * starts or drains (nothing is pinged then: the database may already be closing) or when a
 * dependency does not answer. A balancer sends traffic only to a ready node.
 */
export async function checkReadiness(
  state: ServerState,
  db: Database,
  redis?: SharedService,
): Promise<{ status: 200 | 503; body: ReadinessBody }> {
  if (state !== "serving") return { status: 503, body: { status: "error", state, reason: NOT_SERVING[state] } };
  const health = await checkHealth(db, redis);
  return { status: health.status, body: { ...health.body, state } };
}

/** Liveness: the process runs and answers HTTP, whatever its state (a supervisor restarts it otherwise). */
export function checkLiveness(state: ServerState): { status: 200; body: { status: "ok"; state: ServerState } } {
  return { status: 200, body: { status: "ok", state } };
}

async function failure(ping: () => Promise<void>): Promise<unknown> {
  try {
    await withTimeout(ping(), PING_TIMEOUT_MS);
    return null;
  } catch (error) {
    return error ?? new Error("unknown");
  }
}

function describe(what: string, error: unknown): string {
  if (error instanceof TimeoutError) return `${what} did not answer within ${PING_TIMEOUT_MS} ms`;
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
  return code ? `${what} cannot be reached (${code})` : `${what} cannot be reached`;
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
