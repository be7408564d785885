// A Parley socket node as its own process: the production compose and socket factory
// without Next, whose HTTP handler plays no part in socket traffic (it answers only the
// health check). Used by tests that kill and restart a server and by the load benchmark.
// Prints "listening <port>".
// Reads the same environment schema as `npm start` (server/config/env.ts); it listens
// on 127.0.0.1, on a free port unless PORT is set, and logs nothing unless asked.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { openDatabase } from "./db/client";
import { composeApp } from "./compose";
import { createLogger } from "./logger";
import { createSocketServer } from "./socket/socket-server";
import { joinCluster } from "./scale/cluster";
import { ConfigError, parseEnv } from "./config/env";
import { profileOnSignal } from "./profiling";
import { applySecurityHeaders } from "./http/security-headers";
import { checkHealth } from "./http/health";

let env;
try {
  env = parseEnv({ PORT: "0", LOG_LEVEL: "silent", ...process.env });
  if (!env.NEXTAUTH_SECRET) throw new ConfigError(["NEXTAUTH_SECRET: a socket node needs the secret its sessions were made with"]);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(78);
}
if (env.PROFILE_DIR) profileOnSignal(env.PROFILE_DIR);
const db = await openDatabase(env.DATABASE_URL);
const logger = createLogger(env.LOG_LEVEL);
const cluster = env.REDIS_URL ? await joinCluster(env.REDIS_URL, logger, { keyPrefix: env.REDIS_PREFIX }) : undefined;
const app = composeApp({
  db,
  logger,
  secret: env.NEXTAUTH_SECRET,
  rolesDir: join(import.meta.dirname, "../roles"),
  // Production's limit unless a test raises it to send bursts.
  messagesPer10s: env.MESSAGES_PER_10S,
  ...(cluster ? { rateLimiters: cluster.rateLimiters, lock: cluster.lock, joinBackoff: cluster.joinBackoff } : {}),
});
// Besides Socket.io, a node answers its health check (for a balancer) with the headers
// every Parley response carries; anything else is 404.
const httpServer = createServer((req, res) => {
  applySecurityHeaders(req, res, { https: false, development: false });
  if (req.method === "GET" && req.url === "/api/health") {
    void checkHealth(db, cluster).then((health) => {
      res.writeHead(health.status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(health.body));
    });
    return;
  }
  res.writeHead(404, { "content-type": "text/plain" }).end("not found");
});
const realtime = createSocketServer({
  httpServer,
  logger,
  version: "node",
  sessions: app.sessions,
  live: app.live,
  allowedOrigins: env.ALLOWED_ORIGINS,
  ...(cluster ? { adapter: cluster.adapter } : {}),
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
