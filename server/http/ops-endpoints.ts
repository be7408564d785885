// What the custom servers answer themselves, before Next or Socket.io see a request:
// Prometheus metrics (both entry files) and the health checks (socket nodes, which have no
// Next; `npm start` answers those through app/api/health, with the same functions).
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Database } from "../db/client";
import type { Lifecycle } from "../ops/lifecycle";
import type { Metrics } from "../ops/metrics";
import { checkLiveness, checkReadiness, type SharedService } from "./health";

export const METRICS_PATH = "/metrics";
export const HEALTH_PATHS = { health: "/api/health", live: "/api/health/live", ready: "/api/health/ready" } as const;

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
/** A proxy on this machine connects from loopback; what it forwards is not local. */
const FORWARDED = ["forwarded", "x-forwarded-for", "x-real-ip"];

export type MetricsAccess = "allowed" | "unauthorized" | "forbidden";

/**
 * With METRICS_TOKEN set, only `Authorization: Bearer <token>` may read the metrics, from
 * anywhere. Without it, only a client on this machine, connected directly (no proxy headers).
 */
export function metricsAccess(req: IncomingMessage, token: string | undefined): MetricsAccess {
  if (token) return sameSecret(req.headers.authorization ?? "", `Bearer ${token}`) ? "allowed" : "unauthorized";
  const local = LOOPBACK.has(req.socket.remoteAddress ?? "") && !FORWARDED.some((h) => h in req.headers);
  return local ? "allowed" : "forbidden";
}

/** Compares digests, so that neither the content nor the length of the token leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export interface OpsEndpointDeps {
  metrics: Metrics;
  metricsToken?: string | undefined;
  /** Answer the health checks too (a socket node). */
  health?: { lifecycle: Lifecycle; db: Database; cluster?: SharedService | undefined };
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));

/** A request handler for the operational endpoints: true when it answered the request. */
export function opsEndpoints(deps: OpsEndpointDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { metrics, metricsToken, health } = deps;
  return (req, res) => {
    if (req.method !== "GET") return false;
    const path = (req.url ?? "").split("?", 1)[0];
    if (path === METRICS_PATH) {
      const access = metricsAccess(req, metricsToken);
      if (access === "unauthorized")
        res.writeHead(401, { "www-authenticate": 'Bearer realm="metrics"', "content-type": "text/plain" }).end("unauthorized\n");
      else if (access === "forbidden")
        res
          .writeHead(403, { "content-type": "text/plain" })
          .end("metrics are served to this machine only; set METRICS_TOKEN to read them from elsewhere\n");
      else {
        metrics.render().then(
          (text) => res.writeHead(200, { "content-type": metrics.contentType, "cache-control": "no-store" }).end(text),
          () => res.writeHead(500).end(),
        );
      }
      return true;
    }
    if (!health) return false;
    if (path === HEALTH_PATHS.live) {
      const live = checkLiveness(health.lifecycle.state);
      json(res, live.status, live.body);
      return true;
    }
    if (path === HEALTH_PATHS.ready || path === HEALTH_PATHS.health) {
      void checkReadiness(health.lifecycle.state, health.db, health.cluster).then((ready) => json(res, ready.status, ready.body));
      return true;
    }
    return false;
  };
}
