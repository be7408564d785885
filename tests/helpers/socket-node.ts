// A Parley socket node as its own process (the production compose + socket factory,
// without Next), for tests that kill and restart a server. Prints "listening <port>".
// With REDIS_URL it joins the cluster, as `npm start` does.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { openDatabase } from "../../server/db/client";
import { composeApp } from "../../server/compose";
import { createLogger } from "../../server/logger";
import { createSocketServer } from "../../server/socket/socket-server";
import { joinCluster } from "../../server/scale/cluster";

const url = process.env.DATABASE_URL;
const secret = process.env.NEXTAUTH_SECRET;
if (!url || !secret) throw new Error("DATABASE_URL and NEXTAUTH_SECRET are required");
const db = await openDatabase(url);
const logger = createLogger(process.env.LOG_LEVEL ?? "silent");
const app = composeApp({ db, logger, secret, rolesDir: join(import.meta.dirname, "../../roles") });
const httpServer = createServer();
const cluster = process.env.REDIS_URL ? await joinCluster(process.env.REDIS_URL, logger, { keyPrefix: process.env.REDIS_PREFIX ?? "parley" }) : undefined;
createSocketServer({
  httpServer,
  logger,
  version: "node",
  sessions: app.sessions,
  services: app.services,
  db: db.prisma,
  allowedOrigins: (process.env.ALLOWED_ORIGINS ?? "").split(",").filter(Boolean),
  messagesPer10s: 100_000,
  ...(cluster ? { cluster } : {}),
});
httpServer.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`listening ${(httpServer.address() as AddressInfo).port}\n`);
});
