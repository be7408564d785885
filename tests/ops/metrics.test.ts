// GET /metrics after real traffic: a socket node (the same metrics and endpoint as `npm
// start`) serves every series with the values the traffic made; refusals by the join-code
// backoff and the sign-in throttle, and API route errors, are counted where they happen.
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, inject } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/contract/events";
import { ExerciseClient } from "../../lib/client/exercise-client";
import { DEFAULT_JOIN_BACKOFF, memoryJoinBackoff } from "../../server/auth/join-backoff";
import { SIGN_IN_FAILURES_PER_ACCOUNT } from "../../server/auth/sign-in-throttle";
import { apiRoute } from "../../server/http/api";
import { setAppContext } from "../../server/app-context";
import { createMetrics } from "../../server/ops/metrics";
import { arrangeExercise } from "../helpers/arrange-exercise";
import { authorizeWith, composeAuthApp } from "../helpers/auth-app";
import { startNodeProcess, type NodeProcess } from "../helpers/node-process";
import { parseExposition, sampleValue, type Sample } from "../helpers/prometheus";
import { waitUntil } from "../helpers/wait";

const SECRET = "metrics-secret-that-is-long-enough-0123456789";
const MESSAGES_PER_10S = 3;

async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  return parseExposition(await res.text());
}

describe("a socket node's /metrics", () => {
  const nodes: NodeProcess[] = [];
  const sockets: Socket[] = [];
  afterAll(() => {
    sockets.forEach((s) => s.disconnect());
    nodes.forEach((n) => n.child.kill("SIGKILL"));
  });

  it("holds sockets, live exercises, commands, deliveries, ack and log latency, refusals, errors and process metrics after real traffic", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "parley-metrics-")), "metrics.db");
    copyFileSync(inject("sqliteTemplate"), file);
    const databaseUrl = `file:${file}`;
    const { exerciseId, plenaryId, facilitatorCookie, people } = await arrangeExercise(databaseUrl, SECRET, ["host-nation", "un-mediator"]);
    const node = await startNodeProcess({ DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: SECRET, MESSAGES_PER_10S: String(MESSAGES_PER_10S) });
    nodes.push(node);

    // Every event each client receives, counted as it arrives.
    let received = 0;
    const socketFor = (cookie: string): Socket<ServerToClientEvents, ClientToServerEvents> => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(node.url, {
        transports: ["websocket"],
        forceNew: true,
        reconnection: false,
        extraHeaders: { cookie },
      });
      socket.onAny(() => received++);
      sockets.push(socket);
      return socket;
    };
    const staff = socketFor(facilitatorCookie);
    await new ExerciseClient(staff, exerciseId).join();
    expect((await staff.emitWithAck("exercise:set-status", { exerciseId, status: "running" })).ok).toBe(true);
    const members = people.map((p) => {
      const socket = socketFor(p.cookie);
      const bodies: string[] = [];
      const client = new ExerciseClient(socket, exerciseId, {
        onEvent: (e) => e.type === "message.sent" && bodies.push(String((e.payload as { body: string }).body)),
      });
      return { socket, client, bodies };
    });
    await Promise.all(members.map((m) => m.client.join()));

    // One participant sends one message more than the limit allows.
    const sender = members[0]!.socket;
    const outcomes = [];
    for (let i = 0; i <= MESSAGES_PER_10S; i++) {
      outcomes.push(
        await sender.emitWithAck("message:send", { exerciseId, channelId: plenaryId, body: `message ${i}`, clientKey: `metrics-${i}-key` }),
      );
    }
    expect(outcomes.map((o) => (o.ok ? "ok" : o.code))).toEqual([...Array<string>(MESSAGES_PER_10S).fill("ok"), "rate_limited"]);
    await waitUntil("every member has the messages", () => members.every((m) => m.bodies.length === MESSAGES_PER_10S));
    const receivedBeforeScrape = received;

    const samples = await scrape(node.url);
    const value = (name: string, labels?: Record<string, string>) => sampleValue(samples, name, labels);

    expect(value("parley_sockets_connected")).toBe(sockets.length);
    expect(value("parley_exercises_live")).toBe(1);
    expect(value("parley_commands_in_flight")).toBe(0);
    // Messages: the stored ones, and the one refused.
    expect(value("parley_commands_total", { event: "message:send", outcome: "ok" })).toBe(MESSAGES_PER_10S);
    expect(value("parley_commands_total", { event: "message:send", outcome: "rate_limited" })).toBe(1);
    expect(value("parley_commands_total", { event: "exercise:join", outcome: "ok" })).toBe(sockets.length);
    expect(value("parley_commands_total", { event: "exercise:set-status", outcome: "ok" })).toBe(1);
    // Deliveries: each message to each of the three sockets in the exercise at least, and
    // no fewer than the events the clients had received (hello, roster, presence included).
    expect(value("parley_deliveries_total")).toBeGreaterThanOrEqual(MESSAGES_PER_10S * sockets.length);
    expect(value("parley_deliveries_total")).toBeGreaterThanOrEqual(receivedBeforeScrape);
    // Ack latency: one observation per acknowledged command.
    expect(value("parley_ack_duration_seconds_count", { event: "message:send" })).toBe(MESSAGES_PER_10S + 1);
    expect(value("parley_ack_duration_seconds_sum", { event: "message:send" })).toBeGreaterThan(0);
    expect(value("parley_ack_duration_seconds_bucket", { event: "message:send", le: "+Inf" })).toBe(MESSAGES_PER_10S + 1);
    // Log appends: the three messages and the status change at least.
    expect(value("parley_log_append_duration_seconds_count")).toBeGreaterThanOrEqual(MESSAGES_PER_10S + 1);
    expect(value("parley_log_append_duration_seconds_sum")).toBeGreaterThan(0);
    expect(value("parley_rate_limited_total", { limiter: "messages" })).toBe(1);
    expect(value("parley_rate_limited_total", { limiter: "join-codes" })).toBe(0);
    expect(value("parley_rate_limited_total", { limiter: "sign-in" })).toBe(0);
    for (const source of ["socket", "api", "http"]) expect(value("parley_errors_total", { source })).toBe(0);
    // prom-client's process metrics.
    expect(value("process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(value("process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(value("nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);

    // A later scrape adds what was delivered since: pausing reaches the three sockets.
    expect((await staff.emitWithAck("exercise:set-status", { exerciseId, status: "paused" })).ok).toBe(true);
    const again = await scrape(node.url);
    expect(sampleValue(again, "parley_deliveries_total")).toBeGreaterThanOrEqual(value("parley_deliveries_total")! + sockets.length);
  }, 60_000);
});

describe("refusals and errors counted where they happen", () => {
  it("counts wrong join codes refused by the backoff, password sign-ins refused by the throttle, and API route errors", async () => {
    const metrics = createMetrics();
    const app = await composeAuthApp({ metrics, joinBackoff: memoryJoinBackoff({ ...DEFAULT_JOIN_BACKOFF, free: 1 }) });
    try {
      const from = (ip: string) => ({ headers: { "x-parley-client-ip": ip } });
      const join = authorizeWith(app, "join");
      await expect(join({ code: "ZZZZZZZZZZ", displayName: "Guess" }, from("10.7.0.1"))).rejects.toThrow("not_found");
      await expect(join({ code: "ZZZZZZZZZY", displayName: "Guess" }, from("10.7.0.1"))).rejects.toThrow(/^rate_limited:/);

      const signIn = authorizeWith(app, "password");
      for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT; i++)
        expect(await signIn({ email: "nobody@example.test", password: `wrong ${i}` }, from("10.7.0.2"))).toBeNull();
      await expect(signIn({ email: "nobody@example.test", password: "wrong again" }, from("10.7.0.2"))).rejects.toThrow(/^rate_limited:/);

      setAppContext(app);
      const failing = apiRoute(async () => {
        throw new Error("a fault in a route");
      });
      expect((await failing(new Request("http://parley.test/api/anything"))).status).toBe(500);

      const samples = parseExposition(await metrics.render());
      expect(sampleValue(samples, "parley_rate_limited_total", { limiter: "join-codes" })).toBe(1);
      expect(sampleValue(samples, "parley_rate_limited_total", { limiter: "sign-in" })).toBe(1);
      expect(sampleValue(samples, "parley_rate_limited_total", { limiter: "messages" })).toBe(0);
      expect(sampleValue(samples, "parley_errors_total", { source: "api" })).toBe(1);
    } finally {
      setAppContext(undefined);
      await app.db.close();
    }
  });

  it("counts a socket command answered `internal` as a socket error", async () => {
    const metrics = createMetrics();
    const meter = metrics.command("message:send");
    meter.acked("internal", meter.start());
    const samples = parseExposition(await metrics.render());
    expect(sampleValue(samples, "parley_errors_total", { source: "socket" })).toBe(1);
    expect(sampleValue(samples, "parley_commands_total", { event: "message:send", outcome: "internal" })).toBe(1);
    expect(sampleValue(samples, "parley_commands_in_flight")).toBe(0);
  });
});
