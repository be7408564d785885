// Builds Parley's Socket.io server: it authenticates sockets from the session cookie,
// registers the event table, and delivers what the live rooms (built in compose.ts)
// publish. The entry file wires it to the HTTP server Next also uses; tests start it on
// port 0 with a plain HTTP server.
import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import type { SessionService } from "../auth/session.service";
import type { Logger } from "../logger";
import type { LiveRooms } from "../rooms/live-rooms";
import type { Metrics } from "../ops/metrics";
import { registerRoomHandlers } from "./room.handlers";
import { socketDelivery, userRoom } from "./socket-rooms";
import type { ParleyIo } from "./socket-types";

export type { ParleyIo, ParleySocket, SocketData } from "./socket-types";
export { userRoom } from "./socket-rooms";

export interface SocketServerDeps {
  httpServer: HttpServer;
  logger: Logger;
  version: string;
  sessions: SessionService;
  live: LiveRooms;
  /** How often scheduled injects are checked (ms); 0 disables the timer (tests call tick). */
  schedulerIntervalMs?: number;
  /** Origins allowed to open a socket (a browser always sends Origin on upgrades). */
  allowedOrigins: readonly string[];
  now?: () => number;
  /** Several nodes: the Socket.io adapter they share (server/scale). */
  adapter?: ServerOptions["adapter"];
  /** Counts sockets, deliveries, commands and their acks. */
  metrics?: Metrics;
}

/** What a draining server tells its sockets: it closes them in about `reconnectInMs`. */
export interface DrainNotice {
  reconnectInMs: number;
}

export interface Realtime {
  io: ParleyIo;
  live: LiveRooms;
  /** Disconnects every socket of a user (sign-out, removal). */
  disconnectUser(userId: string): void;
  /** Sockets open on this process. */
  sockets(): number;
  /** Settles once the running exercises are loaded (or failed to load, logged). */
  ready: Promise<void>;
  /** Shutting down: refuses new sockets and tells this node's sockets (not other nodes'). */
  drain(notice: DrainNotice): void;
  close(): Promise<void>;
}

export function createSocketServer(deps: SocketServerDeps): Realtime {
  const { httpServer, logger, version, sessions, live, now = Date.now } = deps;
  const allowed = new Set(deps.allowedOrigins);
  const { metrics } = deps;
  let draining = false;
  const io: ParleyIo = new Server(httpServer, {
    serveClient: false,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    // Next's dev server owns other upgrade requests (hot reload); leave them alone.
    destroyUpgrade: false,
    // CORS does not protect WebSockets: refuse foreign origins before the handshake.
    allowRequest: (req, callback) => {
      // A refused handshake is a transport error: the client retries (through the balancer).
      if (draining) return callback("draining", false);
      const origin = req.headers.origin;
      if (origin === undefined || allowed.has(origin)) return callback(null, true);
      logger.warn({ origin }, "socket refused: foreign origin");
      callback("origin not allowed", false);
    },
  });
  live.delivery.connect(socketDelivery(io));
  const disconnectUser = (userId: string) => io.in(userRoom(userId)).disconnectSockets(true);

  // Scheduled injects: released when due, checked every few seconds.
  const interval = deps.schedulerIntervalMs ?? 2_000;
  const scheduler =
    interval > 0
      ? setInterval(() => {
          live.run.tick().catch((err: unknown) => logger.error({ err }, "inject scheduler failed"));
        }, interval)
      : undefined;
  scheduler?.unref();
  const ready = live.run.loadActive().catch((err: unknown) => logger.error({ err }, "could not load running exercises"));
  const sockets = () => io.of("/").sockets.size;
  metrics?.watchSockets(sockets);
  // An engine.io packet whose Socket.io payload starts with "2" is an event (acks are "3").
  const countDelivery = metrics
    ? (packet: { type: string; data?: unknown }) => {
        if (packet.type === "message" && typeof packet.data === "string" && packet.data.charCodeAt(0) === 50) metrics.delivered();
      }
    : undefined;

  io.use(async (socket, next) => {
    try {
      const user = await sessions.fromCookieHeader(socket.handshake.headers.cookie);
      if (!user) {
        next(
          Object.assign(new Error("unauthenticated"), { data: { code: "unauthenticated", message: "Sign in or join an exercise first" } }),
        );
        return;
      }
      socket.data.user = user;
      socket.data.seats = {};
      next();
    } catch (error) {
      logger.error({ err: error }, "socket handshake failed");
      metrics?.error("socket");
      next(Object.assign(new Error("internal"), { data: { code: "internal", message: "Could not check your session" } }));
    }
  });

  io.on("connection", (socket) => {
    const { user } = socket.data;
    const log = logger.child({ socket: socket.id, user: user.userId });
    void socket.join(userRoom(user.userId));
    if (countDelivery) socket.conn.on("packetCreate", countDelivery);
    log.debug("socket connected");

    // The session ends when its token expires, even if nobody signs out.
    const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, user.expiresAt * 1000 - now()));
    socket.emit("system:hello", { version, serverTime: now() });

    registerRoomHandlers(socket, { io, live, logger, now, ...(metrics ? { metrics } : {}) });

    socket.on("disconnect", (reason) => {
      clearTimeout(expiry);
      log.debug({ reason }, "socket disconnected");
    });
  });

  return {
    io,
    live,
    disconnectUser,
    sockets,
    ready,
    drain(notice) {
      draining = true;
      io.local.emit("system:draining", notice);
    },
    close: async () => {
      if (scheduler) clearInterval(scheduler);
      await io.close();
    },
  };
}
