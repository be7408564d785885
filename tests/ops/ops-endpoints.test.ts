// Who may read /metrics, and what the liveness and readiness checks answer in each state of
// a server's life, over a real HTTP server and a real database.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../../server/config/env";
import type { Database } from "../../server/db/client";
import { opsEndpoints, type OpsEndpointDeps } from "../../server/http/ops-endpoints";
import { createLifecycle, type Lifecycle } from "../../server/ops/lifecycle";
import { createMetrics } from "../../server/ops/metrics";
import { drainPeriod } from "../../server/ops/shutdown";
import { openTestDatabase } from "../helpers/databases";

const TOKEN = "a-metrics-token-of-some-length";

async function serve(deps: OpsEndpointDeps, host = "127.0.0.1"): Promise<{ server: Server; url: string }> {
  const ops = opsEndpoints(deps);
  const server = createServer((req, res) => {
    if (!ops(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
}

/** An address of this machine that is not loopback, if it has one. */
const outward = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

describe("/metrics access", () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));
  const start = async (deps: OpsEndpointDeps, host?: string) => {
    const started = await serve(deps, host);
    servers.push(started.server);
    return started.url;
  };

  it("without METRICS_TOKEN answers a client on this machine and refuses one behind a proxy", async () => {
    const url = await start({ metrics: createMetrics() });
    const local = await fetch(`${url}/metrics`);
    expect(local.status).toBe(200);
    expect(await local.text()).toContain("parley_sockets_connected 0");
    expect((await fetch(`${url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(403);
    expect((await fetch(`${url}/metrics`, { headers: { forwarded: "for=203.0.113.9" } })).status).toBe(403);
  });

  it.skipIf(!outward)("without METRICS_TOKEN refuses a client at another address", async () => {
    const url = await start({ metrics: createMetrics() }, outward);
    expect((await fetch(`${url}/metrics`)).status).toBe(403);
  });

  it("with METRICS_TOKEN answers only its bearer, wherever they are", async () => {
    const url = await start({ metrics: createMetrics(), metricsToken: TOKEN });
    const none = await fetch(`${url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect(
      (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}`, "x-forwarded-for": "203.0.113.9" } })).status,
    ).toBe(200);
  });
});

describe("liveness and readiness", () => {
  let db: Database;
  let lifecycle: Lifecycle;
  let url: string;
  let server: Server;
  beforeAll(async () => {
    db = await openTestDatabase("sqlite");
    lifecycle = createLifecycle();
    ({ server, url } = await serve({ metrics: createMetrics(), health: { lifecycle, db } }));
  });
  afterAll(async () => {
    server.close();
    await db.close();
  });

  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("is live throughout, and ready only while serving with its database answering", async () => {
    expect(await get("/api/health/live")).toEqual({ status: 200, body: { status: "ok", state: "starting" } });
    expect(await get("/api/health/ready")).toMatchObject({
      status: 503,
      body: { status: "error", state: "starting", reason: expect.stringContaining("starting") },
    });

    lifecycle.serving();
    expect(await get("/api/health/ready")).toEqual({ status: 200, body: { status: "ok", db: "ok", state: "serving" } });
    // The older path answers as readiness does.
    expect(await get("/api/health")).toEqual({ status: 200, body: { status: "ok", db: "ok", state: "serving" } });

    lifecycle.draining();
    expect(await get("/api/health/ready")).toMatchObject({
      status: 503,
      body: { status: "error", state: "draining", reason: expect.stringContaining("shutting down") },
    });
    expect(await get("/api/health")).toMatchObject({ status: 503, body: { state: "draining" } });
    expect(await get("/api/health/live")).toEqual({ status: 200, body: { status: "ok", state: "draining" } });
  });
});

describe("configuration", () => {
  it("refuses a METRICS_TOKEN shorter than 16 characters, naming it", () => {
    expect(() => parseEnv({ METRICS_TOKEN: "short" })).toThrow(ConfigError);
    expect(() => parseEnv({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(parseEnv({ METRICS_TOKEN: TOKEN }).METRICS_TOKEN).toBe(TOKEN);
  });

  it("drains for DRAIN_MS, by default 5 s in production and not at all otherwise", () => {
    expect(drainPeriod(parseEnv({ NODE_ENV: "production" }))).toBe(5_000);
    expect(drainPeriod(parseEnv({ NODE_ENV: "development" }))).toBe(0);
    expect(drainPeriod(parseEnv({ NODE_ENV: "production", DRAIN_MS: "1500" }))).toBe(1_500);
    expect(() => parseEnv({ DRAIN_MS: "-1" })).toThrow(/DRAIN_MS/);
  });
});
