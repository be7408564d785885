// A Parley socket node as its own process: the production compose and socket factory
// without Next, whose HTTP handler plays no part in socket traffic (it answers only the
// health checks and /metrics). Used by tests that kill and restart a server and by the
// load benchmark. Prints "listening <port>" once ready (its running exercises loaded).
// SIGTERM/SIGINT drain it as they drain `npm start` (server/ops/shutdown.ts).
// Reads the same environment schema as `npm start` (server/config/env.ts); it listens
// on 127.0.0.1, on a free port unless PORT is set, and logs nothing unless asked.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { openDatabase } from "./db/client";
import { composeApp } from "./compose";
import { createLogger } from "./logger";
import { createSocketServer } from "./socket/socket-server";
import { ConfigError, parseEnv } from "./config/env";
import { profileOnSignal } from "./profiling";
import { applySecurityHeaders } from "./http/security-headers";
import { opsEndpoints } from "./http/ops-endpoints";
import { createMetrics } from "./ops/metrics";
import { drainPeriod, shutDown, stopOnSignals } from "./ops/shutdown";

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
// Redis and its adapter load only on a node that joins a cluster.
const cluster = env.REDIS_URL
  ? await (await import("./scale/cluster")).joinCluster(env.REDIS_URL, logger, { keyPrefix: env.REDIS_PREFIX })
  : undefined;
const metrics = createMetrics({ process: true });
const app = composeApp({
  db,
  logger,
  metrics,
  secret: env.NEXTAUTH_SECRET,
  rolesDir: join(import.meta.dirname, "../roles"),
  // Production's limit unless a test raises it to send bursts.
  messagesPer10s: env.MESSAGES_PER_10S,
  ...(cluster ? { rateLimiters: cluster.rateLimiters, lock: cluster.lock, joinBackoff: cluster.joinBackoff } : {}),
});
// Besides Socket.io, a node answers its health checks (for a balancer) and /metrics with
// the headers every Parley response carries; anything else is 404.
const ops = opsEndpoints({ metrics, metricsToken: env.METRICS_TOKEN, health: { lifecycle: app.lifecycle, db, cluster } });
const httpServer = createServer((req, res) => {
  applySecurityHeaders(req, res, { https: false, development: false });
  if (ops(req, res)) return;
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
  metrics,
});
await new Promise<void>((resolve) => httpServer.listen(env.PORT, "127.0.0.1", resolve));
await realtime.ready;
app.lifecycle.serving();
process.stdout.write(`listening ${(httpServer.address() as AddressInfo).port}\n`);

stopOnSignals(
  (signal) =>
    shutDown(
      {
        lifecycle: app.lifecycle,
        realtime,
        inFlight: () => metrics.commandsInFlight,
        drainMs: drainPeriod(env),
        logger,
        then: [
          ["Redis", () => cluster?.close()],
          ["database", () => db.close()],
        ],
      },
      signal,
    ),
  logger,
);
