// Two Parley nodes as separate processes on one PostgreSQL database and one Redis: clients
// on either node talk in plenary and in a backchannel, privacy holds across nodes, and
// when one node is killed its clients fail over to the other and catch up with nothing
// lost and nothing twice.
import { afterAll, describe, expect, it, inject } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import type { ChannelDto, ClientToServerEvents, EventDto, PresenceDto, ServerToClientEvents } from "../../lib/contract/events";
import { ExerciseClient } from "../../lib/client/exercise-client";
import { openDatabase } from "../../server/db/client";
import { arrangeExercise } from "../helpers/arrange-exercise";
import { startNodeProcess, type NodeProcess } from "../helpers/node-process";
import { startFailoverProxy, type FailoverProxy } from "../helpers/failover-proxy";
import { deleteRedisKeys, REDIS_URL, testPrefix } from "../helpers/redis";
import { waitUntil } from "../helpers/wait";
import { storedMessages } from "../helpers/stored-messages";

const SECRET = "cluster-secret-that-is-long-enough-0123456789";
const ROLES = ["host-nation", "un-mediator", "regional-body", "intervening-power"];

interface Member {
  label: string;
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  client: ExerciseClient;
  events: EventDto[];
  channels: ChannelDto[];
  /** Every payload the server pushed to this socket, serialized, for privacy checks. */
  raw: string[];
  presence: PresenceDto["online"];
}

describe("several nodes on PostgreSQL and Redis", () => {
  const nodes: NodeProcess[] = [];
  const proxies: FailoverProxy[] = [];
  const members: Member[] = [];
  const prefix = testPrefix("cluster");

  afterAll(async () => {
    for (const m of members) m.socket.disconnect();
    await Promise.all(proxies.map((p) => p.close()));
    for (const n of nodes) n.child.kill("SIGKILL");
    await deleteRedisKeys(prefix);
  });

  it("delivers across nodes in order, keeps backchannels private, and fails over after a SIGKILL", async () => {
    const url = inject("postgresUrl");
    const env = { DATABASE_URL: url, NEXTAUTH_SECRET: SECRET, REDIS_URL, REDIS_PREFIX: prefix };
    // Phase 1 of the scenario opens backchannels.
    const { exerciseId, plenaryId, facilitatorCookie, people } = await arrangeExercise(url, SECRET, ROLES, 1);
    const a = await startNodeProcess(env);
    const b = await startNodeProcess(env);
    nodes.push(a, b);
    // "Node A" is reached through a balancer that falls back to B when A is gone.
    const viaA = await startFailoverProxy([a.port, b.port]);
    proxies.push(viaA);

    const join = async (label: string, cookie: string, url: string): Promise<Member> => {
      const socket: Member["socket"] = connect(url, {
        transports: ["websocket"],
        forceNew: true,
        extraHeaders: { cookie },
        reconnectionDelay: 100,
        reconnectionDelayMax: 300,
      });
      const member: Member = {
        label,
        socket,
        events: [],
        channels: [],
        raw: [],
        presence: {},
        client: undefined as unknown as ExerciseClient,
      };
      socket.onAny((_event, ...args: unknown[]) => member.raw.push(JSON.stringify(args)));
      socket.on("presence:update", (p) => (member.presence = p.online));
      member.client = new ExerciseClient(socket, exerciseId, {
        onEvent: (e) => member.events.push(e),
        onChannels: (channels) => (member.channels = channels),
      });
      await member.client.join();
      members.push(member);
      return member;
    };

    const staff = await join("facilitator", facilitatorCookie, viaA.url);
    const started = await staff.socket.emitWithAck("exercise:set-status", { exerciseId, status: "running" });
    expect(started.ok).toBe(true);
    const cookie = (role: string) => people.find((p) => p.roleKey === role)!.cookie;
    const host = await join("host-nation (A)", cookie("host-nation"), viaA.url);
    const power = await join("intervening-power (A)", cookie("intervening-power"), viaA.url);
    const mediator = await join("un-mediator (B)", cookie("un-mediator"), b.url);
    const regional = await join("regional-body (B)", cookie("regional-body"), b.url);
    const participants = [host, power, mediator, regional];
    // Presence gathers the sockets of both nodes (participants are not shown staff names).
    const everyone = {
      "host-nation": ["host-nation"],
      "intervening-power": ["intervening-power"],
      "un-mediator": ["un-mediator"],
      "regional-body": ["regional-body"],
    };
    const sorted = (online: PresenceDto["online"]) =>
      JSON.stringify(
        Object.keys(online)
          .sort()
          .map((k) => [k, [...online[k]!].sort()]),
      );
    for (const m of [host, regional]) await waitUntil(`${m.label} to see everyone online`, () => sorted(m.presence) === sorted(everyone));
    const plenary = (m: Member) => m.events.filter((e) => e.type === "message.sent" && e.channelId === plenaryId);

    // Plenary from both nodes at once: everyone gets all of it, live, in log order.
    const firstRound = await Promise.all(
      participants.flatMap((m) => [0, 1, 2].map((i) => m.client.send(plenaryId, `${m.label} plenary ${i}`))),
    );
    expect(firstRound.every((r) => r.ok)).toBe(true);
    for (const m of [...participants, staff]) {
      await waitUntil(`${m.label} to see 12 plenary messages`, () => plenary(m).length === 12);
      const seqs = plenary(m).map((e) => e.seq);
      expect(seqs, `${m.label} receives in log order`).toEqual([...seqs].sort((x, y) => x - y));
    }

    // A backchannel requested on node A and accepted on node B.
    const requested = await host.socket.emitWithAck("backchannel:request", {
      exerciseId,
      roles: ["un-mediator"],
      title: "Quiet talk",
      clientKey: crypto.randomUUID(),
    });
    if (!requested.ok) throw new Error(requested.message);
    const backchannelId = requested.data.channelId;
    await waitUntil("the mediator's invitation to cross nodes", () =>
      mediator.channels.some((c) => c.id === backchannelId && c.pending.includes("un-mediator")),
    );
    const accepted = await mediator.socket.emitWithAck("backchannel:respond", {
      exerciseId,
      channelId: backchannelId,
      accept: true,
      clientKey: crypto.randomUUID(),
    });
    expect(accepted.ok).toBe(true);
    const secrets = await Promise.all([
      ...[0, 1, 2].map((i) => host.client.send(backchannelId, `secret from host ${i}`)),
      ...[0, 1, 2].map((i) => mediator.client.send(backchannelId, `secret from mediator ${i}`)),
    ]);
    expect(secrets.map((r) => r.ok)).toEqual([true, true, true, true, true, true]);
    const inBackchannel = (m: Member) => m.events.filter((e) => e.type === "message.sent" && e.channelId === backchannelId);
    await waitUntil("both sides to see the backchannel", () => inBackchannel(host).length === 6 && inBackchannel(mediator).length === 6);

    // Node A dies during a burst from both sides; A's clients fail over to B and resend.
    const acked: number[] = [];
    const burst = [
      ...Array.from({ length: 20 }, (_, i) =>
        host.client.send(plenaryId, `burst host ${i}`).then((r) => {
          if (r.ok) acked.push(r.data.seq);
          if (acked.length === 5) a.child.kill("SIGKILL");
          return r;
        }),
      ),
      ...Array.from({ length: 5 }, (_, i) => host.client.send(backchannelId, `secret burst ${i}`)),
      ...Array.from({ length: 10 }, (_, i) => power.client.send(plenaryId, `burst power ${i}`)),
      ...Array.from({ length: 10 }, (_, i) => mediator.client.send(plenaryId, `burst mediator ${i}`)),
    ];
    await a.exited;
    const results = await Promise.all(burst);
    expect(results.filter((r) => !r.ok)).toEqual([]);

    // The database holds every message exactly once.
    const check = await openDatabase(url);
    const stored = await storedMessages(check.prisma, { exerciseId });
    await check.close();
    const bodies = stored.map((m) => m.body);
    const expected = [
      ...participants.flatMap((m) => [0, 1, 2].map((i) => `${m.label} plenary ${i}`)),
      ...[0, 1, 2].flatMap((i) => [`secret from host ${i}`, `secret from mediator ${i}`]),
      ...Array.from({ length: 20 }, (_, i) => `burst host ${i}`),
      ...Array.from({ length: 5 }, (_, i) => `secret burst ${i}`),
      ...Array.from({ length: 10 }, (_, i) => `burst power ${i}`),
      ...Array.from({ length: 10 }, (_, i) => `burst mediator ${i}`),
    ];
    expect([...bodies].sort()).toEqual([...expected].sort());
    const plenarySeqs = stored.filter((m) => m.channelId === plenaryId).map((m) => m.seq);
    const backchannelSeqs = stored.filter((m) => m.channelId === backchannelId).map((m) => m.seq);

    // Everyone, including the clients that failed over, ends with exactly what they may see.
    for (const m of [...participants, staff]) {
      await waitUntil(`${m.label} to catch up`, () => plenary(m).length === plenarySeqs.length);
      expect(
        plenary(m)
          .map((e) => e.seq)
          .sort((x, y) => x - y),
      ).toEqual(plenarySeqs);
    }
    for (const m of [host, mediator]) {
      await waitUntil(`${m.label} to catch up on the backchannel`, () => inBackchannel(m).length === backchannelSeqs.length);
      expect(
        inBackchannel(m)
          .map((e) => e.seq)
          .sort((x, y) => x - y),
      ).toEqual(backchannelSeqs);
    }
    // Privacy across nodes: no byte of the backchannel reached the other roles, and the
    // facilitator (who never opened it) saw none of its messages.
    for (const m of [power, regional]) {
      expect(
        m.raw.filter((payload) => payload.includes(backchannelId)),
        m.label,
      ).toEqual([]);
      expect(
        m.raw.filter((payload) => payload.includes("secret")),
        m.label,
      ).toEqual([]);
      expect(
        m.events.filter((e) => JSON.stringify(e).includes(backchannelId)),
        `${m.label} (catch-up)`,
      ).toEqual([]);
    }
    expect(staff.raw.filter((payload) => payload.includes("secret"))).toEqual([]);
  }, 90_000);
});
