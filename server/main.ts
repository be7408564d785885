// Entry point: parse the environment, prepare the database and Next, then serve HTTP and
// Socket.io on one port. Wiring only; each part is built by its own factory.
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { ConfigError, parseEnv, publicUrl, type Env } from "./config/env";
import { createLogger } from "./logger";
import { migrateDatabase } from "./db/migrate";
import { openDatabase } from "./db/client";
import { setAppContext } from "./app-context";
import { composeApp } from "./compose";
import { resolveAuthSecret } from "./auth/secret";
import { CLIENT_IP_HEADER } from "./auth/auth-options";
import { clientAddress } from "./http/client-address";
import { ownOrigins } from "./http/origins";
import { newSetupToken } from "./auth/setup-token";
import { listOf } from "./auth/oidc-staff";
import { applySecurityHeaders } from "./http/security-headers";
import { prepareNext } from "./http/next-app";
import { createSocketServer } from "./socket/socket-server";
import { syncBuiltinScenarios } from "./scenarios/builtin-sync";
import { startBackupSchedule } from "./ops/backup";
import { startRetention } from "./data-rights/retention";
import { smtpMailer } from "./accounts/mailer";
import { createMetrics } from "./ops/metrics";
import { opsEndpoints } from "./http/ops-endpoints";
import { drainPeriod, shutDown, stopOnSignals } from "./ops/shutdown";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function loadEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger("fatal").fatal({ problems: error.problems }, error.message);
    process.exit(78);
  }
}

async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  const baseUrl = publicUrl(env);
  if (env.NODE_ENV === "production" && !env.PUBLIC_URL) {
    logger.warn(
      { url: baseUrl, host: env.HOST },
      "PUBLIC_URL is not set: serving this machine only; set PUBLIC_URL=https://… (the address people use) to serve others",
    );
  }
  // next-auth v4 reads its own URL from the environment.
  process.env.NEXTAUTH_URL ??= baseUrl;

  if (env.MIGRATE_ON_START) await migrateDatabase(env.DATABASE_URL, root, logger);
  const db = await openDatabase(env.DATABASE_URL);
  const auth = resolveAuthSecret(env.NEXTAUTH_SECRET, join(root, "data/auth-secret"));
  if (auth.generated) logger.warn("NEXTAUTH_SECRET is not set: created one in data/auth-secret");

  // Several nodes: the Redis they share carries broadcasts, exercise locks and rate limits
  // (Redis and its adapter load only on a node that joins a cluster).
  const cluster = env.REDIS_URL
    ? await (await import("./scale/cluster")).joinCluster(env.REDIS_URL, logger, { keyPrefix: env.REDIS_PREFIX })
    : undefined;

  const origins = ownOrigins(env);
  const rolesDir = join(root, "roles");
  const metrics = createMetrics({ process: true });
  const context = composeApp({
    db,
    logger,
    metrics,
    secret: auth.secret,
    rolesDir,
    ...(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? {
          oidc: {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            name: env.OIDC_NAME,
            staff: { domains: listOf(env.OIDC_STAFF_DOMAINS), groups: listOf(env.OIDC_STAFF_GROUPS), groupsClaim: env.OIDC_GROUPS_CLAIM },
          },
        }
      : {}),
    messagesPer10s: env.MESSAGES_PER_10S,
    participantsPerRole: env.PARTICIPANTS_PER_ROLE,
    ...(cluster
      ? { rateLimiters: cluster.rateLimiters, lock: cluster.lock, joinBackoff: cluster.joinBackoff, signInThrottle: cluster.signInThrottle }
      : {}),
    publicUrl: baseUrl,
    origins,
    // SMTP_URL: invitation and reset links are also emailed (they are always shown to the admin).
    ...(env.SMTP_URL ? { mailer: smtpMailer(env.SMTP_URL, env.SMTP_FROM) } : {}),
  });
  const scenarios = await syncBuiltinScenarios(rolesDir, context.services.scenarios);
  if ((await context.services.users.count()) === 0) {
    context.setupToken = newSetupToken();
    // Only whoever reads this log may create the first administrator.
    logger.warn({ setupUrl: `${baseUrl}/setup?token=${context.setupToken}` }, "First run: open setupUrl to create the administrator");
  }
  logger.info({ scenarios: scenarios.map((s) => s.slug) }, "built-in scenarios ready");
  setAppContext(context);

  const security = { https: baseUrl.startsWith("https://"), development: env.NODE_ENV !== "production" };
  const nextApp = await prepareNext({ dev: env.NODE_ENV !== "production", dir: root, hostname: "localhost", port: env.PORT });
  // GET /metrics is answered here, before Next (the health checks are Next routes).
  const ops = opsEndpoints({ metrics, metricsToken: env.METRICS_TOKEN });
  const httpServer = createServer((req, res) => {
    // Rate limits key on the TCP peer; a client-sent header of that name is discarded.
    req.headers[CLIENT_IP_HEADER] = clientAddress(req, env.TRUST_PROXY);
    applySecurityHeaders(req, res, security);
    if (ops(req, res)) return;
    nextApp.handleRequest(req, res).catch((err: unknown) => {
      logger.error({ err, url: req.url }, "request failed");
      metrics.error("http");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  if (cluster) context.cluster = cluster;
  const realtime = createSocketServer({
    httpServer,
    logger,
    version,
    sessions: context.sessions,
    live: context.live,
    allowedOrigins: origins,
    ...(cluster ? { adapter: cluster.adapter } : {}),
    metrics,
  });
  httpServer.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/socket.io/")) return; // Socket.io's own listener takes it
    void nextApp.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((resolve) => httpServer.listen(env.PORT, env.HOST, resolve));
  logger.info({ url: baseUrl, db: db.provider, mode: env.NODE_ENV, cluster: Boolean(cluster) }, "Parley is listening");
  // Ready (GET /api/health/ready answers 200) once the running exercises are loaded.
  void realtime.ready.then(() => context.lifecycle.serving());
  // BACKUP_EVERY: this node backs the database up on a schedule (one node of a cluster).
  const backups = startBackupSchedule(env, logger);
  // RETENTION_DAYS: ended exercises older than that are deleted, at start and then daily.
  const retention = startRetention({ days: env.RETENTION_DAYS, dataRights: context.services.dataRights, logger });
  // The outbox: effects recorded by commands (account emails) run after their commit; every
  // node started this way runs a worker, and leases keep two off one effect (server/effects).
  context.effects.start();

  // SIGTERM/SIGINT: readiness 503 at once, sockets told and drained, then everything closes.
  stopOnSignals(
    (signal) =>
      shutDown(
        {
          lifecycle: context.lifecycle,
          realtime,
          inFlight: () => metrics.commandsInFlight,
          drainMs: drainPeriod(env),
          logger,
          then: [
            ["Next", () => nextApp.close()],
            ["backups", () => backups?.stop()],
            ["retention", () => retention?.stop()],
            ["effects", () => context.effects.stop()],
            ["Redis", () => cluster?.close()],
            ["database", () => db.close()],
          ],
        },
        signal,
      ),
    logger,
  );
}

main().catch((error: unknown) => {
  createLogger("fatal").fatal({ err: error }, "Parley failed to start");
  process.exit(1);
});
