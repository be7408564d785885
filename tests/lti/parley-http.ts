// Parley under test for LTI: the same composition as the server, behind a real HTTP server
// on port 0 that hands the LTI routes (and the exercise routes the flow needs) to their
// route handlers, so that the test platform reaches Parley as a platform would: its JWKS,
// its login initiation and its launch URL.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import * as login from "../../app/api/lti/login/route";
import * as launch from "../../app/api/lti/launch/route";
import * as jwks from "../../app/api/lti/jwks/route";
import * as deepLink from "../../app/api/lti/deep-link/route";
import * as platforms from "../../app/api/lti/platforms/route";
import * as platform from "../../app/api/lti/platforms/[id]/route";
import * as roster from "../../app/api/exercises/[id]/lti/roster/route";
import { setAppContext, type AppContext } from "../../server/app-context";
import { composeApp } from "../../server/compose";
import { encodeSession, SESSION_COOKIE } from "../../server/auth/session-token";
import type { SystemRole } from "../../server/domain/authorization";
import { createLogger } from "../../server/logger";
import { syncBuiltinScenarios } from "../../server/scenarios/builtin-sync";
import { openTestDatabase, type Provider } from "../helpers/databases";
import { TEST_SECRET } from "../helpers/test-server";

// Route handlers differ in their params; the router passes each the ones its path names.
type Handler = (req: Request, route: { params: Promise<never> }) => Promise<Response>;

const routes: [RegExp, Partial<Record<string, Handler>>][] = [
  [/^\/api\/lti\/login$/, { GET: login.GET, POST: login.POST }],
  [/^\/api\/lti\/launch$/, { POST: launch.POST }],
  [/^\/api\/lti\/jwks$/, { GET: jwks.GET }],
  [/^\/api\/lti\/deep-link$/, { POST: deepLink.POST }],
  [/^\/api\/lti\/platforms$/, { GET: platforms.GET, POST: platforms.POST }],
  [/^\/api\/lti\/platforms\/(?<id>[^/]+)$/, { PUT: platform.PUT, DELETE: platform.DELETE }],
  [/^\/api\/exercises\/(?<id>[^/]+)\/lti\/roster$/, { POST: roster.POST }],
];

async function toRequest(req: IncomingMessage, url: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  return new Request(url, { method: req.method ?? "GET", headers, ...(body ? { body } : {}) });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers).end(Buffer.from(await response.arrayBuffer()));
}

export interface LtiParley {
  url: string;
  context: AppContext;
  /** The built-in scenarios' ids, by slug. */
  scenarios: Map<string, string>;
  time: { now(): number; advance(ms: number): void };
  /** A Cookie header with a session for the user, as next-auth makes it. */
  cookieFor(user: { id: string; displayName: string; systemRole: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startLtiParley(provider: Provider = "sqlite"): Promise<LtiParley> {
  const db = await openTestDatabase(provider);
  let offset = 0;
  const time = { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", parleyUrl);
    for (const [pattern, methods] of routes) {
      const match = pattern.exec(url.pathname);
      const handler = match ? methods[req.method ?? "GET"] : undefined;
      if (!match) continue;
      if (!handler) return void res.writeHead(405).end();
      void toRequest(req, url.toString())
        .then((request) => handler(request, { params: Promise.resolve({ ...match.groups }) as Promise<never> }))
        .then((response) => send(res, response));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const parleyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rolesDir = join(import.meta.dirname, "../../roles");
  const context = composeApp({
    db,
    logger: createLogger(process.env.LTI_TEST_LOG === "1" ? "error" : "silent"),
    secret: TEST_SECRET,
    rolesDir,
    now: time.now,
    publicUrl: parleyUrl,
  });
  setAppContext(context);
  const scenarios = new Map((await syncBuiltinScenarios(rolesDir, context.services.scenarios)).map((s) => [s.slug, s.id]));
  return {
    url: parleyUrl,
    context,
    scenarios,
    time,
    async cookieFor(user) {
      return `${SESSION_COOKIE}=${await encodeSession({ userId: user.id, name: user.displayName, systemRole: user.systemRole as SystemRole }, TEST_SECRET)}`;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      setAppContext(undefined);
    },
  };
}
