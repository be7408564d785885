// A real Parley socket server on port 0 over a real test database, with helpers to mint
// session cookies exactly as next-auth does and to connect real socket.io clients.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/contract/events";
import type { AppContext } from "../../server/app-context";
import { setAppContext } from "../../server/app-context";
import { composeApp } from "../../server/compose";
import { DEFAULT_JOIN_BACKOFF, memoryJoinBackoff } from "../../server/auth/join-backoff";
import type { Database } from "../../server/db/client";
import type { SystemRole } from "../../server/domain/authorization";
import { encodeSession, SESSION_COOKIE } from "../../server/auth/session-token";
import { createLogger } from "../../server/logger";
import { createSocketServer, type Realtime } from "../../server/socket/socket-server";
import { openTestDatabase, type Provider } from "./databases";

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export const TEST_SECRET = "test-secret-that-is-long-enough-0123456789";
/** The origin of the requests tests send to route handlers directly. */
export const TEST_ORIGIN = "http://parley.test";

export interface TestServer {
  url: string;
  /** The server's clock: real time plus an offset tests can move forward. */
  time: { now(): number; advance(ms: number): void };
  db: Database;
  context: AppContext;
  realtime: Realtime;
  /** A Cookie header carrying a valid session for the user. */
  cookieFor(user: { id: string; displayName: string; systemRole: string; exerciseId?: string | null }, maxAgeS?: number): Promise<string>;
  client(options?: { cookie?: string; origin?: string }): Client;
  close(): Promise<void>;
}

export async function startTestServer(
  provider: Provider = "sqlite",
  options: { joinLimit?: number; messagesPer10s?: number } = {},
): Promise<TestServer> {
  const db = await openTestDatabase(provider);
  const logger = createLogger("silent");
  let offset = 0;
  const time = { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
  const httpServer: HttpServer = createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const context = composeApp({
    db,
    logger,
    secret: TEST_SECRET,
    rolesDir: join(import.meta.dirname, "../../roles"),
    joinBackoff: memoryJoinBackoff({ ...DEFAULT_JOIN_BACKOFF, free: options.joinLimit ?? 5 }, time.now),
    messagesPer10s: options.messagesPer10s ?? 1000,
    now: time.now,
    publicUrl: url,
    // Route handlers are called with requests to http://parley.test (TEST_ORIGIN).
    origins: [url, TEST_ORIGIN],
  });
  setAppContext(context);
  const rt = createSocketServer({
    httpServer,
    logger,
    version: "test",
    sessions: context.sessions,
    live: context.live,
    allowedOrigins: [url],
    schedulerIntervalMs: 0,
    now: time.now,
  });
  const clients: Client[] = [];

  return {
    url,
    time,
    db,
    context,
    realtime: rt,
    async cookieFor(user, maxAgeS) {
      const token = await encodeSession(
        { userId: user.id, name: user.displayName, systemRole: user.systemRole as SystemRole, exerciseId: user.exerciseId ?? null },
        TEST_SECRET,
        maxAgeS,
      );
      return `${SESSION_COOKIE}=${token}`;
    },
    client({ cookie, origin } = {}) {
      const headers: Record<string, string> = { origin: origin ?? url };
      if (cookie) headers.cookie = cookie;
      const socket: Client = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: headers });
      clients.push(socket);
      return socket;
    },
    async close() {
      clients.forEach((c) => c.disconnect());
      await rt.close();
      await db.close();
      setAppContext(undefined);
    },
  };
}

/** Resolves on connect, rejects with the server's connect_error. */
export function connected(socket: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
}

export function disconnected(socket: Client): Promise<string> {
  return new Promise((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
}
