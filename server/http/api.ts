// One wrapper for every API route handler: reads the session from the cookie, turns
// thrown errors into a JSON 500 without leaking their text, and shapes error bodies.
import type { z } from "zod";
import { issuesFrom, type ErrorCode, type ResultIssue } from "../../lib/contract/result";
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
  internal: 500,
};

export function jsonError(code: ErrorCode, message: string, issues?: ResultIssue[]): Response {
  return Response.json({ ok: false, code, message, ...(issues ? { issues } : {}) }, { status: STATUS[code] });
}

export function jsonOk(data: unknown, status = 200): Response {
  return Response.json({ ok: true, data }, { status, headers: { "cache-control": "no-store" } });
}

export function apiRoute<P = Record<string, never>>(handler: (req: Request, ctx: ApiContext<P>) => Promise<Response>) {
  return async (req: Request, route?: RouteContext<P>): Promise<Response> => {
    const app = getAppContext();
    try {
      const user = await app.sessions.fromCookieHeader(req.headers.get("cookie"));
      const params = route ? await route.params : ({} as P);
      return await handler(req, { params, user, app });
    } catch (error) {
      app.logger.error({ err: error, url: req.url }, "API route failed");
      return jsonError("internal", "Something went wrong on the server; nothing was changed");
    }
  };
}

/** Parses a JSON body with a schema; on failure returns the 400 response to send. */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<{ data: z.infer<S> } | { response: Response }> {
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    return { response: jsonError("invalid_payload", "The request body must be JSON") };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { response: jsonError("invalid_payload", "The request is not valid", issuesFrom(parsed.error)) };
  return { data: parsed.data };
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
