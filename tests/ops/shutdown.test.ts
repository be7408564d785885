// Graceful shutdown of a real server process (server/socket-node.ts, which shuts down
// through the same module as `npm start`): on SIGTERM readiness answers 503 at once, the
// connected sockets are told, new sockets are refused, commands are still served during
// the drain, and then the sockets close and the process exits 0.
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, inject } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/contract/events";
import { ExerciseClient } from "../../lib/client/exercise-client";
import { arrangeExercise } from "../helpers/arrange-exercise";
import { startNodeProcess, type NodeProcess } from "../helpers/node-process";

const SECRET = "shutdown-secret-that-is-long-enough-0123456789";
const DRAIN_MS = 4_000;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe("graceful shutdown", () => {
  const nodes: NodeProcess[] = [];
  const sockets: Client[] = [];
  afterAll(() => {
    sockets.forEach((s) => s.disconnect());
    nodes.forEach((n) => n.child.kill("SIGKILL"));
  });

  it("answers readiness 503 at once on SIGTERM, tells its sockets, serves them during the drain, then closes them and exits 0", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "parley-shutdown-")), "shutdown.db");
    copyFileSync(inject("sqliteTemplate"), file);
    const databaseUrl = `file:${file}`;
    const { exerciseId, plenaryId, facilitatorCookie, people } = await arrangeExercise(databaseUrl, SECRET, ["host-nation"]);
    const node = await startNodeProcess({ DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: SECRET, DRAIN_MS: String(DRAIN_MS) });
    nodes.push(node);
    const exitCode = new Promise<number | null>((resolve) => node.child.once("exit", (code) => resolve(code)));
    const get = async (path: string) => {
      const res = await fetch(`${node.url}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const socketFor = (cookie: string): Client => {
      const socket: Client = connect(node.url, {
        transports: ["websocket"],
        forceNew: true,
        reconnection: false,
        extraHeaders: { cookie },
      });
      sockets.push(socket);
      return socket;
    };

    const staff = socketFor(facilitatorCookie);
    await new ExerciseClient(staff, exerciseId).join();
    expect((await staff.emitWithAck("exercise:set-status", { exerciseId, status: "running" })).ok).toBe(true);
    const participant = socketFor(people[0]!.cookie);
    const notices: { reconnectInMs: number }[] = [];
    await new ExerciseClient(participant, exerciseId, { onDraining: (notice) => notices.push(notice) }).join();
    expect(await get("/api/health/ready")).toMatchObject({ status: 200, body: { state: "serving" } });

    const noticed = new Promise<{ reconnectInMs: number }>((resolve) => participant.once("system:draining", resolve));
    const closed = new Promise<string>((resolve) => participant.once("disconnect", resolve));
    node.child.kill("SIGTERM");

    expect(await noticed).toEqual({ reconnectInMs: DRAIN_MS });
    expect(notices).toEqual([{ reconnectInMs: DRAIN_MS }]);
    const ready = await get("/api/health/ready");
    expect(ready).toMatchObject({ status: 503, body: { status: "error", state: "draining" } });
    expect(ready.body.reason).toMatch(/shutting down/);
    expect(await get("/api/health")).toMatchObject({ status: 503, body: { state: "draining" } });
    expect(await get("/api/health/live")).toMatchObject({ status: 200, body: { state: "draining" } });

    // Connected sockets are still served; a new one is refused.
    const during = await participant.emitWithAck("message:send", {
      exerciseId,
      channelId: plenaryId,
      body: "said while draining",
      clientKey: "drain-message-1",
    });
    expect(during.ok).toBe(true);
    const late = socketFor(facilitatorCookie);
    await new Promise<void>((resolve) => late.once("connect_error", () => resolve()));
    expect(late.connected).toBe(false);

    // After the drain, the server closes the connection itself: a client would reconnect.
    expect(await closed).toBe("transport close");
    expect(await exitCode).toBe(0);
  }, 30_000);
});
