// The client's resend loop against a real Socket.io server that misbehaves on purpose:
// it drops the first ack of a message, then fails it once with "internal". The client
// keeps the same key throughout, and its caller hears back exactly once.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/contract/events";
import { ExerciseClient } from "../../lib/client/exercise-client";

describe("ExerciseClient resends", () => {
  const httpServer = createServer();
  const server = new Server(httpServer);
  const attempts: { clientKey: string; at: number }[] = [];
  server.on("connection", (socket) => {
    socket.on("exercise:join", (_payload: unknown, ack: (r: unknown) => void) =>
      ack({
        ok: true,
        data: {
          exerciseId: "ex",
          status: "running",
          phaseIndex: 0,
          clock: null,
          serverTime: Date.now(),
          observersSeeBackchannels: false,
          staff: false,
          lastSeq: 0,
          channels: [],
          opened: [],
          you: { userId: "u-1", name: "Ana" },
          roster: { people: [], removed: [] },
          events: [],
          more: false,
        },
      }),
    );
    socket.on("message:send", (payload: { clientKey: string }, ack: (r: unknown) => void) => {
      attempts.push({ clientKey: payload.clientKey, at: Date.now() });
      if (attempts.length === 1) return; // the ack is lost
      if (attempts.length === 2)
        return ack({ ok: false, code: "internal", message: "Something went wrong on the server; nothing was changed" });
      ack({ ok: true, data: { seq: 7, at: new Date().toISOString() } });
    });
  });
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  afterAll(async () => {
    socket?.disconnect();
    await server.close();
  });

  it("retries a send whose ack never came and one the server failed, with the same key, and resolves once", async () => {
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    socket = connect(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, { transports: ["websocket"], forceNew: true });
    const client = new ExerciseClient(socket, "ex", {}, { ackTimeoutMs: 200, retryMs: 50, heartbeat: null });
    await client.join();
    let answers = 0;
    const result = await client.send("plenary", "Hold the line", "key-1").then((r) => (answers++, r));
    expect(result).toMatchObject({ ok: true, data: { seq: 7 } });
    expect(attempts.map((a) => a.clientKey)).toEqual(["key-1", "key-1", "key-1"]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(200); // waited for the lost ack
    expect(client.unacknowledged).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(answers).toBe(1);
    expect(attempts).toHaveLength(3);
  });
});
