// One wrapper for every API route handler: reads the session from the cookie, turns
// thrown errors into a JSON 500 without leaking their text, and shapes error bodies.
import type { z } from "zod";
import { issuesFrom, type ErrorCode, type Result, type ResultIssue } from "../../lib/contract/result";
import { getAppContext, type AppContext } from "../app-context";
import type { SessionUser } from "../auth/session-token";
import { decide, type Action, type Actor } from "../domain/authorization";

export interface ApiContext<P> {
  params: P;
  user: SessionUser | null;
  app: AppContext;
}

type RouteContext<P> = { params: Promise<P> };

const STATUS: Record<ErrorCode, number> = {
  invalid_payload: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  not_member: 403,
  channel_closed: 409,
  exercise_not_running: 409,
  message_too_long: 413,
  payload_too_large: 413,
  internal: 500,
};

export function jsonError(code: ErrorCode, message: string, issues?: ResultIssue[]): Response {
  return Response.json({ ok: false, code, message, ...(issues ? { issues } : {}) }, { status: STATUS[code] });
}

export function jsonOk(data: unknown, status = 200): Response {
  return Response.json({ ok: true, data }, { status, headers: { "cache-control": "no-store" } });
}

/** A use case's result as the response to send. */
export function jsonResult<T>(result: Result<T>, status = 200): Response {
  return result.ok ? jsonOk(result.data, status) : jsonError(result.code, result.message, result.issues);
}

/** A body read as JSON, or undefined when it is not JSON (the use case's schema refuses it). */
export async function bodyOf(req: Request): Promise<unknown> {
  const text = await readLimited(req, MAX_BODY_BYTES);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Methods that change something: only Parley's own pages may send them, as JSON. */
const CHANGES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** The largest request body any route reads (a scenario file is at most 500 kB). */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * Cross-site requests are refused before anything runs: a state-changing request must
 * carry an Origin that is Parley's own (browsers always send one with such requests) and,
 * when it has a body, a JSON content type (a cross-site form cannot send one).
 */
export function refuseForeign(req: Request, origins: readonly string[]): Response | null {
  if (!CHANGES.has(req.method)) return null;
  const origin = req.headers.get("origin");
  if (!origin || !origins.includes(origin)) return jsonError("forbidden", "This request must come from Parley's own pages");
  const length = req.headers.get("content-length");
  const hasBody = (length !== null && length !== "0") || req.headers.has("transfer-encoding");
  if (hasBody && !(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return jsonError("invalid_payload", "The request body must be JSON (Content-Type: application/json)");
  }
  if (length !== null && Number(length) > MAX_BODY_BYTES) return jsonError("payload_too_large", "The request body is larger than 1 MB");
  return null;
}

export function apiRoute<P = Record<string, never>>(handler: (req: Request, ctx: ApiContext<P>) => Promise<Response>) {
  return async (req: Request, route?: RouteContext<P>): Promise<Response> => {
    const app = getAppContext();
    const foreign = refuseForeign(req, app.origins);
    if (foreign) return foreign;
    try {
      const user = await app.sessions.fromCookieHeader(req.headers.get("cookie"));
      const params = route ? await route.params : ({} as P);
      return await handler(req, { params, user, app });
    } catch (error) {
      app.logger.error({ err: error, url: req.url }, "API route failed");
      app.metrics.error("api");
      return jsonError("internal", "Something went wrong on the server; nothing was changed");
    }
  };
}

/** Parses a JSON body with a schema; on failure returns the 400 response to send. */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<{ data: z.infer<S> } | { response: Response }> {
  const text = await readLimited(req, MAX_BODY_BYTES);
  if (text === null) return { response: jsonError("payload_too_large", "The request body is larger than 1 MB") };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { response: jsonError("invalid_payload", "The request body must be JSON") };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { response: jsonError("invalid_payload", "The request is not valid", issuesFrom(parsed.error)) };
  return { data: parsed.data };
}

/** The body as text, read no further than `max` bytes (null beyond: a declared length can lie). */
async function readLimited(req: Request, max: number): Promise<string | null> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The actor for a session, with their seats in the given exercise. */
export async function actorFor(app: AppContext, user: SessionUser | null, exerciseId?: string): Promise<Actor | null> {
  if (!user) return null;
  const seats = exerciseId ? await app.services.assignments.seatsOf(exerciseId, user.userId) : [];
  return { userId: user.userId, systemRole: user.systemRole, seats };
}

/**
 * The caller as an actor allowed to do `action` (on the exercise, when given), or the
 * 401/403 response to send instead.
 */
export async function authorize(
  app: AppContext,
  user: SessionUser | null,
  action: Action,
  exerciseId?: string,
): Promise<{ actor: Actor } | { response: Response }> {
  const actor = await actorFor(app, user, exerciseId);
  const refused = refuse(actor, action);
  if (refused || !actor) return { response: refused ?? jsonError("unauthenticated", "Sign in first") };
  return { actor };
}

/** The error response for a refused action, or null when it is allowed. */
export function refuse(actor: Actor | null, action: Action): Response | null {
  const decision = decide(actor, action);
  if (decision.allowed) return null;
  return decision.code === "unauthenticated"
    ? jsonError("unauthenticated", "Sign in first")
    : jsonError("forbidden", "You may not do this in this exercise");
}
