// A Parley socket node as its own process: the production compose and socket factory
// without Next, whose HTTP handler plays no part in socket traffic. Used by tests that
// kill and restart a server and by the load benchmark. Prints "listening <port>".
// With REDIS_URL it joins the cluster, as `npm start` does.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { openDatabase } from "./db/client";
import { composeApp } from "./compose";
import { createLogger } from "./logger";
import { createSocketServer } from "./socket/socket-server";
import { joinCluster } from "./scale/cluster";
import { z } from "zod";
import { profileOnSignal } from "./profiling";

const env = z
  .object({
    DATABASE_URL: z.string().min(1),
    NEXTAUTH_SECRET: z.string().min(32),
    PORT: z.coerce.number().int().min(0).max(65535).default(0),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("silent"),
    ALLOWED_ORIGINS: z.string().default(""),
    MESSAGES_PER_10S: z.coerce.number().int().positive().default(20),
    REDIS_URL: z.string().regex(/^rediss?:\/\//).optional(),
    REDIS_PREFIX: z.string().default("parley"),
    PROFILE_DIR: z.string().optional(),
  })
  .parse(process.env);
if (env.PROFILE_DIR) profileOnSignal(env.PROFILE_DIR);
const db = await openDatabase(env.DATABASE_URL);
const logger = createLogger(env.LOG_LEVEL);
const app = composeApp({ db, logger, secret: env.NEXTAUTH_SECRET, rolesDir: join(import.meta.dirname, "../roles") });
const httpServer = createServer();
const cluster = env.REDIS_URL ? await joinCluster(env.REDIS_URL, logger, { keyPrefix: env.REDIS_PREFIX }) : undefined;
const realtime = createSocketServer({
  httpServer,
  logger,
  version: "node",
  sessions: app.sessions,
  services: app.services,
  db: db.prisma,
  allowedOrigins: env.ALLOWED_ORIGINS.split(",").filter(Boolean),
  // Production's limit unless a test raises it to send bursts.
  messagesPer10s: env.MESSAGES_PER_10S,
  ...(cluster ? { cluster } : {}),
});
httpServer.listen(env.PORT, "127.0.0.1", () => {
  process.stdout.write(`listening ${(httpServer.address() as AddressInfo).port}\n`);
});

process.once("SIGTERM", () => {
  void realtime
    .close()
    .then(() => cluster?.close())
    .then(() => db.close())
    .finally(() => process.exit(0));
});
