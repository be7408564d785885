// Builds Parley's Socket.io server from its dependencies. The entry file wires it to
// the HTTP server Next also uses; tests start it on port 0 with a plain HTTP server.
import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import {
  clientEvents,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
} from "../../lib/contract/events";
import { ok } from "../../lib/contract/result";
import type { SessionService } from "../auth/session.service";
import type { SessionUser } from "../auth/session-token";
import type { Logger } from "../logger";
import { createRateLimiter, type RateLimiterFactory } from "../auth/rate-limit";
import { createRoomService, type RoomDeps, type RoomService, type Seat } from "../rooms/room.service";
import { createRoomCore } from "../rooms/room-core";
import { createRunControl, type RunControl } from "../rooms/run-control.service";
import { createOversight } from "../rooms/oversight.service";
import { createAgreementService } from "../rooms/agreement.service";
import { createRoster } from "../rooms/roster.service";
import { createSeatLookup } from "../rooms/seat-lookup";
import type { Db } from "../db/client";
import type { ExerciseLock } from "../scale/exercise-lock";
import type { Services } from "../services";
import { createBroadcaster } from "./broadcaster";
import { handleEvent } from "./handler";
import { registerRoomHandlers } from "./room.handlers";

export interface SocketData {
  user: SessionUser;
  /** The seat this socket holds in each exercise it joined. */
  seats: Record<string, Seat>;
}

export type ParleyIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketServerDeps {
  httpServer: HttpServer;
  logger: Logger;
  version: string;
  sessions: SessionService;
  services: Services;
  db: Db;
  /** How often scheduled injects are checked (ms); 0 disables the timer (tests call tick). */
  schedulerIntervalMs?: number;
  /** Messages one participant may send per 10 seconds. */
  messagesPer10s?: number;
  /** Origins allowed to open a socket (a browser always sends Origin on upgrades). */
  allowedOrigins: readonly string[];
  now?: () => number;
  /** Several nodes: the Socket.io adapter they share and the exercise lock (server/scale). */
  cluster?: { adapter: ServerOptions["adapter"]; lock: ExerciseLock; rateLimiters: RateLimiterFactory };
}

export interface Realtime {
  io: ParleyIo;
  rooms: RoomService;
  run: RunControl;
  /** Disconnects every socket of a user (sign-out, removal). */
  disconnectUser(userId: string): void;
  close(): Promise<void>;
}

export const userRoom = (userId: string) => `user:${userId}`;

export function createSocketServer(deps: SocketServerDeps): Realtime {
  const { httpServer, logger, version, sessions, services, now = Date.now } = deps;
  const allowed = new Set(deps.allowedOrigins);
  const io: ParleyIo = new Server(httpServer, {
    serveClient: false,
    ...(deps.cluster ? { adapter: deps.cluster.adapter } : {}),
    // Next's dev server owns other upgrade requests (hot reload); leave them alone.
    destroyUpgrade: false,
    // CORS does not protect WebSockets: refuse foreign origins before the handshake.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (origin === undefined || allowed.has(origin)) return callback(null, true);
      logger.warn({ origin }, "socket refused: foreign origin");
      callback("origin not allowed", false);
    },
  });

  const roomDeps: RoomDeps = {
    log: services.log,
    rooms: services.rooms,
    agreements: services.agreements,
    channels: services.channels,
    broadcaster: createBroadcaster(io),
    messageLimiter: deps.cluster
      ? deps.cluster.rateLimiters("messages", { limit: deps.messagesPer10s ?? 20, windowMs: 10_000 })
      : createRateLimiter({ limit: deps.messagesPer10s ?? 20, windowMs: 10_000, now }),
    ...(deps.cluster ? { lock: deps.cluster.lock } : {}),
  };
  const core = createRoomCore(roomDeps);
  const rooms = createRoomService(roomDeps, core);
  const run = createRunControl({ ...roomDeps, now, logger }, core);
  const oversight = createOversight(roomDeps, core);
  const agreements = createAgreementService(roomDeps, core);
  const seatsOf = createSeatLookup(services.assignments, core, Boolean(deps.cluster));
  const disconnectUser = (userId: string) => io.in(userRoom(userId)).disconnectSockets(true);
  const roster = createRoster(
    {
      db: deps.db,
      disconnectUser,
      seatChanged: (userId, exerciseId) => io.to(userRoom(userId)).emit("exercise:seat-changed", { exerciseId }),
    },
    core,
  );

  // Scheduled injects: released when due, checked every few seconds.
  const interval = deps.schedulerIntervalMs ?? 2_000;
  const scheduler =
    interval > 0
      ? setInterval(() => {
          run.tick().catch((err: unknown) => logger.error({ err }, "inject scheduler failed"));
        }, interval)
      : undefined;
  scheduler?.unref();
  void run.loadActive().catch((err: unknown) => logger.error({ err }, "could not load running exercises"));

  io.use(async (socket, next) => {
    try {
      const user = await sessions.fromCookieHeader(socket.handshake.headers.cookie);
      if (!user) {
        next(Object.assign(new Error("unauthenticated"), { data: { code: "unauthenticated", message: "Sign in or join an exercise first" } }));
        return;
      }
      socket.data.user = user;
      socket.data.seats = {};
      next();
    } catch (error) {
      logger.error({ err: error }, "socket handshake failed");
      next(Object.assign(new Error("internal"), { data: { code: "internal", message: "Could not check your session" } }));
    }
  });

  io.on("connection", (socket) => {
    const { user } = socket.data;
    const log = logger.child({ socket: socket.id, user: user.userId });
    void socket.join(userRoom(user.userId));
    log.debug("socket connected");

    // The session ends when its token expires, even if nobody signs out.
    const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, user.expiresAt * 1000 - now()));
    socket.emit("system:hello", { version, serverTime: now() });

    socket.on(
      "system:ping",
      handleEvent(clientEvents["system:ping"], log, "system:ping", ({ sentAt }) => ok({ sentAt, serverTime: now() })),
    );

    registerRoomHandlers(socket, { io, rooms, run, oversight, roster, agreements, seatsOf, logger });

    socket.on("disconnect", (reason) => {
      clearTimeout(expiry);
      log.debug({ reason }, "socket disconnected");
    });
  });

  return {
    io,
    rooms,
    run,
    disconnectUser,
    close: async () => {
      if (scheduler) clearInterval(scheduler);
      await io.close();
    },
  };
}
