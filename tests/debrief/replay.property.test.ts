// Property: for random exercises, the events a role receives in the replay are exactly
// the events it received live, plus declassified backchannels and the annotations it
// may see, and nothing else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as replay from "../../app/api/exercises/[id]/replay/route";
import * as declassify from "../../app/api/exercises/[id]/declassify/route";
import * as annotations from "../../app/api/exercises/[id]/annotations/route";
import { newClientKey } from "../../lib/client/exercise-client";
import type { ReplayData } from "../../server/debrief/replay.service";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { runningExercise, until } from "../helpers/live";
import { storedMessages } from "../helpers/stored-messages";

type Step =
  | { kind: "say"; role: number; where: "plenary" | "team" | number }
  | { kind: "invite"; role: number; other: number }
  | { kind: "accept"; role: number; bc: number }
  | { kind: "leave"; role: number; bc: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("say" as const),
      role: fc.nat(5),
      where: fc.oneof(fc.constant("plenary" as const), fc.constant("team" as const), fc.nat(5)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("invite" as const), role: fc.nat(5), other: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("accept" as const), role: fc.nat(5), bc: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave" as const), role: fc.nat(5), bc: fc.nat(5) }) },
);

describe("replay equals what was seen live", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 100_000 });
  });
  afterAll(async () => server.close());

  it("gives each role its live events plus declassified channels and visible notes, nothing more", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 25 }), fc.nat(5), async (steps, declassifyPick) => {
        const live = await runningExercise(server, 1);
        const ex = live.cast.exerciseId;
        const roles = live.roles;
        const member = (i: number) => live.participants.get(roles[i % roles.length]!)!;
        const backchannels: string[] = [];
        for (const s of steps) {
          const m = member(s.role);
          if (s.kind === "say") {
            const channel =
              s.where === "plenary"
                ? live.channel("plenary").id
                : s.where === "team"
                  ? live.channel("team", m.roleKey).id
                  : backchannels[s.where % Math.max(1, backchannels.length)];
            if (channel) await m.client.send(channel, `said ${Math.random().toString(36).slice(2, 8)}`);
          } else if (s.kind === "invite") {
            const r = await m.socket.emitWithAck("backchannel:request", {
              exerciseId: ex,
              roles: [roles[s.other % roles.length]!],
              clientKey: newClientKey(),
            });
            if (r.ok) backchannels.push(r.data.channelId);
          } else {
            const channelId = backchannels[s.bc % Math.max(1, backchannels.length)];
            if (!channelId) continue;
            if (s.kind === "accept")
              await m.socket.emitWithAck("backchannel:respond", { exerciseId: ex, channelId, accept: true, clientKey: newClientKey() });
            else await m.socket.emitWithAck("backchannel:leave", { exerciseId: ex, channelId, clientKey: newClientKey() });
          }
        }
        const ended = await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: ex, status: "ended" });
        expect(ended.ok).toBe(true);
        const endSeq = ended.ok ? (await server.db.prisma.exercise.findUniqueOrThrow({ where: { id: ex } })).lastSeq : 0;
        for (const m of live.participants.values())
          await until(
            m,
            () =>
              m.client.lastSeq >= endSeq ||
              m.events.some((e) => e.type === "exercise.status" && (e.payload as { to: string }).to === "ended"),
          );

        // The facilitator declassifies one backchannel and pins two notes, one visible.
        const facilitatorCookie = live.cast.byLabel("facilitator").cookie!;
        const post = (handler: typeof declassify.POST, body: unknown) =>
          handler(
            new Request("http://parley.test", {
              method: "POST",
              headers: { cookie: facilitatorCookie, origin: TEST_ORIGIN, "content-type": "application/json" },
              body: JSON.stringify(body),
            }),
            { params: Promise.resolve({ id: ex }) },
          );
        const declassified = backchannels[declassifyPick % Math.max(1, backchannels.length)];
        if (declassified) expect((await post(declassify.POST, { channelId: declassified, declassified: true })).status).toBe(200);
        const lastPlenary = (await storedMessages(server.db.prisma, { exerciseId: ex })).at(-1)?.seq;
        const shown = await post(annotations.POST, { at: new Date().toISOString(), body: "Visible note", visibleToParticipants: true });
        const hidden = await post(annotations.POST, {
          ...(lastPlenary ? { targetSeq: lastPlenary } : { at: new Date().toISOString() }),
          body: "Facilitator-only note",
          visibleToParticipants: false,
        });
        expect([shown.status, hidden.status]).toEqual([201, 201]);
        const declassifiedSeqs = declassified
          ? new Set(
              (await server.db.prisma.exerciseEvent.findMany({ where: { exerciseId: ex, channelId: declassified } })).map((e) => e.seq),
            )
          : new Set<number>();

        for (const [roleKey, m] of live.participants) {
          const res = await replay.GET(
            new Request("http://parley.test", { headers: { cookie: live.cast.byLabel(`participant as ${roleKey}`).cookie! } }),
            { params: Promise.resolve({ id: ex }) },
          );
          const data = ((await res.json()) as { data: ReplayData }).data;
          const got = new Set(data.events.map((e) => e.seq));
          const want = new Set([...m.events.map((e) => e.seq), ...declassifiedSeqs]);
          expect(
            [...got].sort((a, b) => a - b),
            `replay of ${roleKey}`,
          ).toEqual([...want].sort((a, b) => a - b));
          expect(data.annotations.map((a) => a.body)).toEqual(["Visible note"]);
          if (declassified) expect(data.channels.find((c) => c.id === declassified)).toMatchObject({ declassified: true });
        }
        for (const m of [...live.participants.values(), live.facilitator]) m.socket.disconnect();
      }),
      { numRuns: 8 },
    );
  }, 180_000);
});
