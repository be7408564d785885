// An app composed over a fresh SQLite database for auth tests, and next-auth's own
// entry points on it: a Credentials provider's authorize, and GET /api/auth/session.
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { join } from "node:path";
import { getServerSession } from "next-auth/next";
import type { AppContext } from "../../server/app-context";
import { SESSION_COOKIE } from "../../server/auth/session-token";
import { composeApp, type ComposeOptions } from "../../server/compose";
import { createLogger } from "../../server/logger";
import { openTestDatabase } from "./databases";

export const AUTH_TEST_SECRET = "test-secret-that-is-long-enough-0123456789";

export async function composeAuthApp(options: Partial<ComposeOptions> = {}): Promise<AppContext> {
  return composeApp({
    db: await openTestDatabase("sqlite"),
    logger: createLogger("silent"),
    secret: AUTH_TEST_SECRET,
    rolesDir: join(import.meta.dirname, "../../roles"),
    ...options,
  });
}

export type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

export function authorizeWith(app: AppContext, id: string): Authorize {
  // next-auth keeps a Credentials provider's own settings (id, authorize) under `options`.
  const providers = app.authOptions.providers as unknown as { options?: { id?: string; authorize?: Authorize } }[];
  const authorize = providers.find((p) => p.options?.id === id)?.options?.authorize;
  if (!authorize) throw new Error(`no credentials provider ${id}`);
  return authorize;
}

/**
 * Reads the session as next-auth's GET /api/auth/session does (same handler, same jwt
 * callback): the session, or null, and the token next-auth re-minted for the cookie.
 */
export async function readSessionEndpoint(app: AppContext, token: string): Promise<{ session: unknown; token: string | undefined }> {
  const req = Object.assign(new IncomingMessage(new Socket()), { cookies: { [SESSION_COOKIE]: token } });
  req.headers = { host: "parley.test" };
  const res = new ServerResponse(req);
  const session = await getServerSession(req, res, app.authOptions);
  const setCookie = res.getHeader("set-cookie");
  const minted = (Array.isArray(setCookie) ? setCookie : [])
    .filter((c) => c.startsWith(`${SESSION_COOKIE}=`))
    .map((c) => c.slice(SESSION_COOKIE.length + 1).split(";")[0])
    .find((value) => value);
  return { session, token: minted };
}
