// The browser client's outbox against a fake socket that the test drives: commands go
// out one at a time in the order they were made, keep their key across reconnects and
// lost acks, a refused message stays listed as failed until retried, and unacknowledged
// messages survive a reload through storage.
import { describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, JoinedExercise, ServerToClientEvents } from "../../lib/contract/events";
import type { Result } from "../../lib/contract/result";
import { ExerciseClient, type OutboxEntry } from "../../lib/client/exercise-client";

interface Sent {
  event: string;
  payload: { clientKey?: string; body?: string; channelId?: string };
  answer(result: Result<unknown>): void;
}

/** A socket whose acks the test gives by hand; a disconnect loses every unanswered ack. */
class FakeSocket {
  connected = false;
  readonly sent: Sent[] = [];
  private readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  private generation = 0;

  on(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  off() {
    return this;
  }
  emit() {
    return this;
  }
  timeout() {
    return this;
  }
  emitWithAck(event: string, payload: Sent["payload"]): Promise<Result<unknown>> {
    if (event === "exercise:join") return Promise.resolve({ ok: true, data: joined });
    const generation = this.generation;
    return new Promise((resolve, reject) => {
      this.sent.push({ event, payload, answer: (r) => (generation === this.generation ? resolve(r) : undefined) });
      // A lost connection fails the ack as socket.io's timeout would.
      this.listeners.set(`lost:${generation}`, [() => reject(new Error("disconnected"))]);
    });
  }
  connect() {
    this.connected = true;
    for (const l of this.listeners.get("connect") ?? []) l();
    return this;
  }
  disconnect() {
    this.connected = false;
    for (const l of this.listeners.get(`lost:${this.generation}`) ?? []) l();
    this.generation++;
    for (const l of this.listeners.get("disconnect") ?? []) l("transport close");
    return this;
  }
  /** Waits until the client has sent `n` commands (or more). */
  async sentCount(n: number) {
    for (let i = 0; i < 200 && this.sent.filter((s) => s.event !== "system:ping").length < n; i++)
      await new Promise((r) => setTimeout(r, 5));
    return this.sent.filter((s) => s.event !== "system:ping");
  }
}

const joined: JoinedExercise = {
  exerciseId: "ex",
  status: "running",
  phaseIndex: 0,
  clock: { phaseIndex: 0, running: true, resumedAt: 0, elapsedBeforeMs: 0, extensionMs: 0 },
  serverTime: Date.now(),
  observersSeeBackchannels: false,
  chairVoice: false,
  staff: false,
  lastSeq: 0,
  channels: [],
  opened: [],
  you: { userId: "u-1", name: "Ana" },
  roster: { people: [], removed: [] },
  events: [],
  more: false,
};

const ok = (seq: number): Result<unknown> => ({ ok: true, data: { seq, at: new Date().toISOString() } });

function clientOn(socket: FakeSocket, storage: Map<string, string> = new Map()) {
  const outboxes: (readonly OutboxEntry[])[] = [];
  const store = {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
    removeItem: (k: string) => void storage.delete(k),
  };
  const client = new ExerciseClient(
    socket as unknown as Socket<ServerToClientEvents, ClientToServerEvents>,
    "ex",
    { onOutbox: (entries) => outboxes.push(entries.map((e) => ({ ...e }))) },
    { ackTimeoutMs: 60_000, retryMs: 1, heartbeat: null },
    { storage: store },
  );
  return { client, outboxes, storage };
}

describe("the browser client's outbox", () => {
  it("sends commands one at a time, in the order they were made", async () => {
    const socket = new FakeSocket().connect();
    const { client } = clientOn(socket);
    await client.join();
    const a = client.send("plenary", "A");
    const b = client.send("plenary", "B");
    const accept = client.command("backchannel:respond", { channelId: "bc", accept: true });
    expect((await socket.sentCount(1)).map((s) => s.payload.body)).toEqual(["A"]);
    socket.sent[0]!.answer(ok(1));
    await a;
    (await socket.sentCount(2))[1]!.answer(ok(2));
    await b;
    const third = (await socket.sentCount(3))[2]!;
    expect(third.event).toBe("backchannel:respond");
    third.answer({ ok: true, data: { channelId: "bc" } });
    expect(await accept).toEqual({ ok: true, data: { channelId: "bc" } });
    expect(client.unacknowledged).toBe(0);
  });

  it("resends everything unanswered after a reconnect, in order, with the same keys", async () => {
    const socket = new FakeSocket().connect();
    const { client } = clientOn(socket);
    await client.join();
    const a = client.send("plenary", "A");
    const b = client.send("plenary", "B");
    const [first] = await socket.sentCount(1);
    socket.disconnect();
    socket.connect();
    await client.join();
    const resent = await socket.sentCount(2);
    expect(resent[1]!.payload).toMatchObject({ body: "A", clientKey: first!.payload.clientKey });
    resent[1]!.answer(ok(1));
    const next = (await socket.sentCount(3))[2]!;
    expect(next.payload.body).toBe("B");
    next.answer(ok(2));
    expect([await a, await b].map((r) => r.ok && r.data.seq)).toEqual([1, 2]);
  });

  it("keeps a refused message as failed, with its text, until it is retried or discarded", async () => {
    const socket = new FakeSocket().connect();
    const { client, outboxes } = clientOn(socket);
    await client.join();
    const refused = client.send("plenary", "too fast");
    (await socket.sentCount(1))[0]!.answer({ ok: false, code: "rate_limited", message: "You are sending too fast; wait a few seconds" });
    expect(await refused).toMatchObject({ ok: false, code: "rate_limited" });
    expect(outboxes.at(-1)).toMatchObject([{ state: "failed", input: { body: "too fast" }, error: { code: "rate_limited" } }]);
    const key = outboxes.at(-1)![0]!.key;
    client.retry(key);
    const again = (await socket.sentCount(2))[1]!;
    expect(again.payload.clientKey).toBe(key);
    again.answer(ok(3));
    await new Promise((r) => setTimeout(r, 10));
    expect(client.pending).toEqual([]);
  });

  it("keeps unacknowledged messages across a reload and sends them with their keys", async () => {
    const storage = new Map<string, string>();
    const before = new FakeSocket().connect();
    const { client } = clientOn(before, storage);
    await client.join();
    void client.send("team", "written before the reload");
    const [lost] = await before.sentCount(1);
    before.disconnect();
    client.close();

    const after = new FakeSocket().connect();
    const reloaded = clientOn(after, storage);
    await reloaded.client.join();
    const [resent] = await after.sentCount(1);
    expect(resent!.payload).toMatchObject({ body: "written before the reload", channelId: "team", clientKey: lost!.payload.clientKey });
    resent!.answer(ok(9));
    await new Promise((r) => setTimeout(r, 10));
    expect(storage.size).toBe(0);
  });

  it("restores from storage only entries that are well formed, whatever else storage holds", async () => {
    const good = {
      key: "k-00000001",
      name: "message:send",
      input: { channelId: "team", body: "kept" },
      state: "failed",
      error: { code: "rate_limited", message: "slow down" },
      createdAt: 1,
    };
    const junk = [
      null,
      "text",
      { ...good, key: "short" },
      { ...good, name: "agreement:sign" },
      { ...good, input: { channelId: "team", body: "" } },
      { ...good, state: "sent" },
      { ...good, createdAt: "yesterday" },
      { ...good, error: { code: 1 } },
    ];
    const storage = new Map<string, string>();
    const socket = new FakeSocket().connect();
    const { client: first } = clientOn(socket, storage);
    await first.join();
    void first.send("team", "to find where storage keeps the outbox");
    await socket.sentCount(1);
    const storageKey = [...storage.keys()][0]!;
    socket.disconnect();
    first.close();
    storage.set(storageKey, JSON.stringify([...junk, good]));
    const { client } = clientOn(new FakeSocket().connect(), storage);
    await client.join();
    expect(client.pending).toEqual([good]);
  });
});
