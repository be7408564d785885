import type { Database } from "../db/client";

export type Health =
  | { status: 200; body: { status: "ok"; db: "ok" } }
  | { status: 503; body: { status: "error"; db: "unreachable"; reason: string } };

const PING_TIMEOUT_MS = 3_000;

export async function checkHealth(db: Database): Promise<Health> {
  try {
    await withTimeout(db.ping(), PING_TIMEOUT_MS);
    return { status: 200, body: { status: "ok", db: "ok" } };
  } catch (error) {
    return { status: 503, body: { status: "error", db: "unreachable", reason: describe(error) } };
  }
}

function describe(error: unknown): string {
  if (error instanceof TimeoutError) return `the database did not answer within ${PING_TIMEOUT_MS} ms`;
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
  return code ? `the database cannot be reached (${code})` : "the database cannot be reached";
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
