// Every socket event that answers (all but the volatile typing:set) against every kind
// of caller; each cell is the exact outcome. The exercise is in its lobby, so callers
// who pass authorization mostly meet "exercise_not_running" or "not_found" next.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClientKey } from "../../lib/client/exercise-client";
import type { ClientToServerEvents } from "../../lib/contract/events";
import { connected, startTestServer, type Client, type TestServer } from "../helpers/test-server";
import { seedCast, type Cast, type CastMember } from "../helpers/seed-exercise";

type Outcome = string; // "ok" or an error code
type Expect = (m: CastMember) => Outcome;

describe("socket authorization matrix", () => {
  let server: TestServer;
  let cast: Cast;
  const sockets = new Map<string, Client | null>();

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 100 });
    cast = await seedCast(server);
    for (const m of cast.members) {
      if (!m.cookie) {
        sockets.set(m.label, null);
        continue;
      }
      const socket = server.client({ cookie: m.cookie });
      await connected(socket);
      // Join first where allowed, as a real client would; refusals are asserted below.
      await socket.emitWithAck("exercise:join", { exerciseId: cast.exerciseId, afterSeq: 0 });
      sockets.set(m.label, socket);
    }
  });
  afterAll(async () => server.close());

  const kind = (m: CastMember) =>
    m.label === "anonymous"
      ? "anonymous"
      : m.label === "participant of another exercise"
        ? "otherParticipant"
        : m.label.startsWith("participant as ")
          ? "participant"
          : m.label === "facilitator of another exercise"
            ? "otherFacilitator"
            : m.label;
  const perm = (m: CastMember, p: string) =>
    cast.scenario.roles.find((r) => r.key === m.roleKey)?.permissions.includes(p as never) ?? false;
  /** Facilitator-only events: everyone else is refused. */
  const staffOnly =
    (whenAllowed: Outcome): Expect =>
    (m) =>
      kind(m) === "anonymous" ? "unauthenticated" : kind(m) === "facilitator" || kind(m) === "admin" ? whenAllowed : "forbidden";
  /** Events that need a joined socket: outsiders were refused at join. */
  const seated =
    (rule: (m: CastMember) => Outcome): Expect =>
    (m) =>
      kind(m) === "anonymous"
        ? "unauthenticated"
        : kind(m) === "otherParticipant" || kind(m) === "otherFacilitator"
          ? "forbidden"
          : rule(m);

  const ex = () => cast.exerciseId;
  const plenary = async () => (await server.db.prisma.channel.findFirstOrThrow({ where: { exerciseId: ex(), kind: "plenary" } })).id;
  const otherRole = (m: CastMember) => cast.scenario.roles.find((r) => r.key !== m.roleKey)!.key;

  const rows: { event: keyof ClientToServerEvents; payload: (m: CastMember) => Promise<unknown> | unknown; expected: Expect }[] = [
    {
      event: "exercise:join",
      payload: () => ({ exerciseId: ex(), afterSeq: 0 }),
      expected: (m) =>
        ({ anonymous: "unauthenticated", otherParticipant: "forbidden", otherFacilitator: "forbidden" })[kind(m) as string] ?? "ok",
    },
    {
      event: "message:send",
      payload: async () => ({ exerciseId: ex(), channelId: await plenary(), body: "hello", clientKey: newClientKey() }),
      expected: seated((m) =>
        kind(m) === "participant" ? (perm(m, "speak-plenary") ? "exercise_not_running" : "forbidden") : "forbidden",
      ),
    },
    {
      event: "backchannel:request",
      payload: (m) => ({ exerciseId: ex(), roles: [otherRole(m)], clientKey: newClientKey() }),
      expected: seated((m) => (kind(m) === "participant" && perm(m, "request-backchannel") ? "exercise_not_running" : "forbidden")),
    },
    {
      event: "backchannel:convene",
      payload: () => ({ exerciseId: ex(), roles: ["host-nation", "armed-opposition"], clientKey: newClientKey() }),
      expected: seated((m) => (kind(m) === "participant" && perm(m, "convene-backchannel") ? "exercise_not_running" : "forbidden")),
    },
    {
      event: "backchannel:respond",
      payload: () => ({ exerciseId: ex(), channelId: "none", accept: true, clientKey: newClientKey() }),
      expected: seated(() => "not_found"),
    },
    {
      event: "backchannel:leave",
      payload: () => ({ exerciseId: ex(), channelId: "none", clientKey: newClientKey() }),
      expected: seated(() => "not_found"),
    },
    { event: "exercise:set-status", payload: () => ({ exerciseId: ex(), status: "paused" }), expected: staffOnly("conflict") },
    { event: "exercise:set-phase", payload: () => ({ exerciseId: ex(), phaseIndex: 99 }), expected: staffOnly("invalid_payload") },
    { event: "exercise:extend", payload: () => ({ exerciseId: ex(), minutes: 5 }), expected: staffOnly("ok") },
    { event: "exercise:settings", payload: () => ({ exerciseId: ex(), observersSeeBackchannels: false }), expected: staffOnly("ok") },
    { event: "inject:release", payload: () => ({ exerciseId: ex(), title: "T", text: "X", audience: "all" }), expected: staffOnly("ok") },
    { event: "announcement:send", payload: () => ({ exerciseId: ex(), body: "Note", roles: ["host-nation"] }), expected: staffOnly("ok") },
    { event: "oversight:open", payload: () => ({ exerciseId: ex(), channelId: "none" }), expected: staffOnly("not_found") },
    {
      event: "roster:assign",
      payload: () => ({ exerciseId: ex(), userId: "nobody", roleKey: "host-nation" }),
      expected: staffOnly("not_found"),
    },
    { event: "roster:remove", payload: () => ({ exerciseId: ex(), userId: "nobody" }), expected: staffOnly("not_found") },
    { event: "roster:readmit", payload: () => ({ exerciseId: ex(), userId: "nobody" }), expected: staffOnly("not_found") },
    { event: "roster:add-observer", payload: () => ({ exerciseId: ex(), email: "nobody@example.test" }), expected: staffOnly("not_found") },
    {
      event: "agreement:create",
      payload: async () => ({ exerciseId: ex(), channelId: await plenary(), fromTemplate: true, clientKey: newClientKey() }),
      expected: seated((m) => (kind(m) === "participant" ? "exercise_not_running" : "forbidden")),
    },
    ...(["agreement:propose", "agreement:decide", "agreement:table", "agreement:sign", "agreement:close"] as const).map((event) => ({
      event,
      payload: () => ({
        exerciseId: ex(),
        agreementId: "none",
        ...(event === "agreement:propose" ? { baseVersion: 1, change: { kind: "delete", clauseKey: "x" }, clientKey: newClientKey() } : {}),
        ...(event === "agreement:decide" ? { amendmentId: "none", accept: true } : {}),
        ...(event === "agreement:sign" ? { version: 1 } : {}),
        ...(event === "agreement:close" ? { status: "withdrawn" } : {}),
      }),
      // A role is told the agreement does not exist; anyone without a role is refused.
      expected: seated((m) => (kind(m) === "participant" ? "not_found" : "forbidden")),
    })),
  ];

  for (const row of rows) {
    it(`${row.event}: each caller gets the expected outcome`, async () => {
      const seen: Record<string, Outcome> = {};
      const want: Record<string, Outcome> = {};
      for (const m of cast.members) {
        want[m.label] = row.expected(m);
        const socket = sockets.get(m.label);
        if (!socket) {
          seen[m.label] = "unauthenticated"; // refused at the handshake (see socket-server tests)
          continue;
        }
        const emit = socket.emitWithAck.bind(socket) as (event: string, payload: unknown) => Promise<{ ok: boolean; code?: string }>;
        const result = await emit(row.event, await row.payload(m));
        seen[m.label] = result.ok ? "ok" : (result.code ?? "?");
      }
      expect(seen).toEqual(want);
    });
  }

  it("refuses a socket without a session at the handshake", async () => {
    const error = await connected(server.client()).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toBe("unauthenticated");
  });
});
