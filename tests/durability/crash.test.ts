// SIGKILL the server in the middle of a burst of sends: after a restart every
// acknowledged message is stored exactly once, and the messages that were not yet
// acknowledged are resent by the clients and appear exactly once. Once as a single node
// on SQLite, once as a cluster node on PostgreSQL and Redis (whose exercise lease the
// dead node still holds when the new one starts).
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, inject } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, EventDto } from "../../lib/contract/events";
import { ExerciseClient } from "../../lib/client/exercise-client";
import { openDatabase } from "../../server/db/client";
import { arrangeExercise } from "../helpers/arrange-exercise";
import { startNodeProcess, type NodeProcess } from "../helpers/node-process";
import { deleteRedisKeys, REDIS_URL, testPrefix } from "../helpers/redis";
import { storedMessages } from "../helpers/stored-messages";

const SECRET = "crash-secret-that-is-long-enough-0123456789";

const setups = {
  "a single node on SQLite": () => {
    const file = join(mkdtempSync(join(tmpdir(), "parley-crash-")), "crash.db");
    copyFileSync(inject("sqliteTemplate"), file);
    return { DATABASE_URL: `file:${file}` };
  },
  "a cluster node on PostgreSQL and Redis": () => ({ DATABASE_URL: inject("postgresUrl"), REDIS_URL, REDIS_PREFIX: prefix }),
};
const prefix = testPrefix("crash");

describe.each(Object.keys(setups) as (keyof typeof setups)[])("crash safety of %s", (setup) => {
  const nodes: NodeProcess[] = [];
  afterAll(async () => {
    nodes.forEach((n) => n.child.kill("SIGKILL"));
    await deleteRedisKeys(prefix);
  });

  it("keeps every acknowledged message exactly once across a SIGKILL, and resends the rest once", async () => {
    const env = setups[setup]();
    const url = env.DATABASE_URL;
    const { exerciseId, plenaryId, facilitatorCookie, people } = await arrangeExercise(url, SECRET, [
      "host-nation",
      "un-mediator",
      "regional-body",
    ]);
    const startNode = (port?: number) => startNodeProcess({ ...env, NEXTAUTH_SECRET: SECRET }, port);

    const first = await startNode();
    nodes.push(first);
    const port = first.port;
    const socketFor = (cookie: string): Socket<ServerToClientEvents, ClientToServerEvents> =>
      connect(`http://127.0.0.1:${port}`, {
        transports: ["websocket"],
        forceNew: true,
        extraHeaders: { cookie },
        reconnectionDelay: 100,
        reconnectionDelayMax: 300,
      });

    const staff = socketFor(facilitatorCookie);
    await new ExerciseClient(staff, exerciseId).join();
    const started = await staff.emitWithAck("exercise:set-status", { exerciseId, status: "running" });
    expect(started.ok).toBe(true);

    const clients = people.map((p) => {
      const events: EventDto[] = [];
      const socket = socketFor(p.cookie);
      return { ...p, socket, events, client: new ExerciseClient(socket, exerciseId, { onEvent: (e) => events.push(e) }) };
    });
    await Promise.all(clients.map((c) => c.client.join()));

    // A burst: 40 messages per role, all in flight; the server dies after 30 acks.
    const acked: number[] = [];
    let killed = false;
    const sends = clients.flatMap((c) =>
      Array.from({ length: 40 }, (_, i) =>
        c.client.send(plenaryId, `${c.roleKey} #${i}`).then((r) => {
          if (!r.ok) throw new Error(`${c.roleKey} #${i} refused: ${r.code}`);
          acked.push(r.data.seq);
          if (acked.length === 30 && !killed) {
            killed = true;
            first.child.kill("SIGKILL");
          }
          return r.data.seq;
        }),
      ),
    );
    // Restart on the same port once the first node is gone; clients reconnect and resend.
    await first.exited;
    const ackedBeforeCrash = [...acked];
    const second = await startNode(port);
    nodes.push(second);
    const seqs = await Promise.all(sends);
    expect(ackedBeforeCrash.length).toBeGreaterThanOrEqual(30);
    expect(ackedBeforeCrash.length).toBeLessThan(120);

    const check = await openDatabase(url);
    const stored = await storedMessages(check.prisma, { exerciseId });
    await check.close();
    const bodies = stored.map((m) => m.body);
    for (const c of clients)
      for (let i = 0; i < 40; i++)
        expect(
          bodies.filter((b) => b === `${c.roleKey} #${i}`),
          `${c.roleKey} #${i}`,
        ).toHaveLength(1);
    expect(stored).toHaveLength(120);
    // Every ack, before or after the crash, names a stored message.
    const storedSeqs = new Set(stored.map((m) => m.seq));
    for (const seq of [...ackedBeforeCrash, ...seqs]) expect(storedSeqs.has(seq)).toBe(true);

    // Each client ends up with every message exactly once.
    for (const c of clients) {
      const deadline = Date.now() + 10_000;
      while (c.events.filter((e) => e.type === "message.sent").length < 120 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const received = c.events.filter((e) => e.type === "message.sent").map((e) => e.seq);
      expect(new Set(received).size).toBe(received.length);
      expect(received.sort((a, b) => a - b)).toEqual([...storedSeqs].sort((a, b) => a - b));
    }
    [...clients.map((c) => c.socket), staff].forEach((s) => s.disconnect());
  }, 90_000);
});
