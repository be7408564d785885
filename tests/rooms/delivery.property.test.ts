// Property: for random sequences of backchannel requests, answers, departures, messages,
// disconnects and reconnects with real socket.io clients, (1) no client ever receives a
// message of a channel its role was not in when the message was sent, live or on
// catch-up, and (2) every acknowledged message reaches every member exactly once, in
// sequence order. The expected recipients come from a model of the commands, not from
// the server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { newClientKey } from "../../lib/client/exercise-client";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { runningExercise, until, type LiveMember } from "../helpers/live";

type Command =
  | { kind: "send"; role: number; target: "plenary" | "own-team" | "other-team" | { backchannel: number } }
  | { kind: "request"; role: number; invitee: number }
  | { kind: "respond"; role: number; backchannel: number; accept: boolean }
  | { kind: "leave"; role: number; backchannel: number }
  | { kind: "drop"; role: number }
  | { kind: "rejoin"; role: number };

const role = fc.nat({ max: 5 });
const index = fc.nat({ max: 8 });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("send" as const),
      role,
      target: fc.oneof(
        fc.constant("plenary" as const),
        fc.constant("own-team" as const),
        fc.constant("other-team" as const),
        index.map((backchannel) => ({ backchannel })),
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("request" as const), role, invitee: role }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("respond" as const), role, backchannel: index, accept: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave" as const), role, backchannel: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), role }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rejoin" as const), role }) },
);

interface ModelChannel {
  id: string;
  members: Set<string>;
  pending: Set<string>;
  closed: boolean;
}

describe("delivery properties", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 100_000 });
  });
  afterAll(async () => server.close());

  it("never leaks a channel's messages and delivers every acked message exactly once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30 }), async (commands) => {
        const live = await runningExercise(server, 1);
        const roles = live.roles.slice(0, 6);
        const member = (i: number): LiveMember => live.participants.get(roles[i % roles.length]!)!;
        const keyOf = (i: number) => roles[i % roles.length]!;
        const plenaryId = live.channel("plenary").id;
        const teamOf = (r: string) => live.channel("team", r).id;
        const backchannels: ModelChannel[] = [];
        const online = new Set(roles);
        /** seq of each acked message → the roles that must receive it. */
        const expected = new Map<number, Set<string>>();

        for (const c of commands) {
          const r = keyOf(c.role);
          const m = member(c.role);
          if (c.kind === "drop") {
            if (online.delete(r)) m.socket.disconnect();
            continue;
          }
          if (c.kind === "rejoin") {
            if (!online.has(r)) {
              online.add(r);
              m.socket.connect();
              await m.client.join();
            }
            continue;
          }
          if (!online.has(r)) continue;
          if (c.kind === "send") {
            let channelId: string;
            let members: Set<string>;
            let closed = false;
            if (c.target === "plenary") [channelId, members] = [plenaryId, new Set(live.roles)];
            else if (c.target === "own-team") [channelId, members] = [teamOf(r), new Set([r])];
            else if (c.target === "other-team") {
              const other = roles.find((x) => x !== r)!;
              [channelId, members] = [teamOf(other), new Set([other])];
            } else {
              const bc = backchannels[c.target.backchannel % Math.max(1, backchannels.length)];
              if (!bc) continue;
              [channelId, members, closed] = [bc.id, new Set(bc.members), bc.closed];
            }
            const result = await m.client.send(channelId, `m${expected.size} from ${r}`);
            const shouldPass = members.has(r) && !closed;
            expect(result.ok, `send by ${r}: ${result.ok ? "ok" : result.code}`).toBe(shouldPass);
            if (result.ok) expected.set(result.data.seq, members);
          } else if (c.kind === "request") {
            const invitee = keyOf(c.invitee);
            const result = await m.socket.emitWithAck("backchannel:request", {
              exerciseId: live.cast.exerciseId,
              roles: [invitee],
              clientKey: newClientKey(),
            });
            expect(result.ok).toBe(invitee !== r);
            if (result.ok)
              backchannels.push({ id: result.data.channelId, members: new Set([r]), pending: new Set([invitee]), closed: false });
          } else if (c.kind === "respond") {
            const bc = backchannels[c.backchannel % Math.max(1, backchannels.length)];
            if (!bc) continue;
            const result = await m.socket.emitWithAck("backchannel:respond", {
              exerciseId: live.cast.exerciseId,
              channelId: bc.id,
              accept: c.accept,
              clientKey: newClientKey(),
            });
            expect(result.ok).toBe(bc.pending.has(r) && !bc.closed);
            if (result.ok) {
              bc.pending.delete(r);
              if (c.accept) bc.members.add(r);
              else if (bc.members.size + bc.pending.size < 2) closeModel(bc);
            }
          } else {
            const bc = backchannels[c.backchannel % Math.max(1, backchannels.length)];
            if (!bc) continue;
            const result = await m.socket.emitWithAck("backchannel:leave", {
              exerciseId: live.cast.exerciseId,
              channelId: bc.id,
              clientKey: newClientKey(),
            });
            expect(result.ok).toBe(bc.members.has(r) && !bc.closed);
            if (result.ok) {
              bc.members.delete(r);
              if (bc.members.size + bc.pending.size < 2) closeModel(bc);
            }
          }
        }

        for (const [i, r] of roles.entries()) {
          if (!online.has(r)) {
            member(i).socket.connect();
            await member(i).client.join();
          }
        }
        const messageSeqs = new Set(expected.keys());
        for (const [i, r] of roles.entries()) {
          const m = member(i);
          const want = [...expected]
            .filter(([, members]) => members.has(r))
            .map(([seq]) => seq)
            .sort((a, b) => a - b);
          await until(m, () => want.every((seq) => m.events.some((e) => e.seq === seq)));
          const got = m.events.filter((e) => messageSeqs.has(e.seq)).map((e) => e.seq);
          expect(got, `messages received by ${r}`).toEqual(want); // exactly these, once each, in order
          const all = m.events.map((e) => e.seq);
          expect(all).toEqual([...all].sort((a, b) => a - b));
          expect(new Set(all).size).toBe(all.length);
        }
        for (const m of [...live.participants.values(), live.facilitator]) m.socket.disconnect();
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});

function closeModel(bc: ModelChannel) {
  bc.closed = true;
  bc.members.clear();
  bc.pending.clear();
}
