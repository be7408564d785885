// Property: an assessment's evidence never shows its person an event their seat could not
// see. The model is the protocol's rule, written here from docs/protocol.md, not from the
// server: plenary reaches every role; a backchannel reaches the roles in it, and every role
// once the facilitator declassifies it for the debrief (until they reclassify it).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as person from "../../app/api/exercises/[id]/assessments/[userId]/route";
import * as evidence from "../../app/api/exercises/[id]/assessments/[userId]/evidence/route";
import * as release from "../../app/api/exercises/[id]/assessments/release/route";
import * as declassify from "../../app/api/exercises/[id]/declassify/route";
import { newClientKey } from "../../lib/client/exercise-client";
import { rubricFor } from "../../lib/scenario/rubric";
import type { AssessmentReport } from "../../server/assessment/assessment.service";
import { runningExercise, until } from "../helpers/live";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";

type Where = "plenary" | "bc1" | "bc2";
const MEMBERS: Record<Exclude<Where, "plenary">, string[]> = {
  bc1: ["host-nation", "un-mediator"],
  bc2: ["regional-body", "intervening-power", "un-mediator"],
};

describe("assessment evidence and seat visibility (property)", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const channelIds: Record<Where, string> = { plenary: "", bc1: "", bc2: "" };
  /** Each message sent: its seq and where it was said. */
  const said: { seq: number; where: Where }[] = [];
  const ex = () => live.cast.exerciseId;
  const userOf = (roleKey: string) => live.cast.byLabel(`participant as ${roleKey}`).userId!;
  const request = (label: string, method: string, body?: unknown) => {
    const init: RequestInit = { method, headers: { cookie: live.cast.byLabel(label).cookie!, origin: TEST_ORIGIN, "content-type": "application/json" } };
    if (body !== undefined) init.body = JSON.stringify(body);
    return new Request("http://parley.test/x", init);
  };
  const params = (userId = "") => ({ params: Promise.resolve({ id: ex(), userId }) });
  const visible = (roleKey: string, where: Where, declassified: Record<"bc1" | "bc2", boolean>) =>
    where === "plenary" || MEMBERS[where].includes(roleKey) || declassified[where];

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
    channelIds.plenary = live.channel("plenary", "host-nation").id;
    for (const bc of ["bc1", "bc2"] as const) {
      const [first, ...rest] = MEMBERS[bc];
      const asked = await live.participants.get(first!)!.socket.emitWithAck("backchannel:request", { exerciseId: ex(), roles: rest, clientKey: newClientKey() });
      if (!asked.ok) throw new Error(asked.message);
      channelIds[bc] = asked.data.channelId;
      for (const role of rest) await live.participants.get(role)!.socket.emitWithAck("backchannel:respond", { exerciseId: ex(), channelId: asked.data.channelId, accept: true, clientKey: newClientKey() });
    }
    // A random conversation: each message by a role in a channel it belongs to.
    const sends = fc.sample(
      fc.record({ role: fc.constantFrom(...live.roles), where: fc.constantFrom<Where>("plenary", "bc1", "bc2"), text: fc.string({ minLength: 1, maxLength: 40 }) }),
      { numRuns: 40, seed: 20261128 },
    );
    for (const s of sends) {
      const where = s.where !== "plenary" && !MEMBERS[s.where].includes(s.role) ? "plenary" : s.where;
      const sent = await live.participants.get(s.role)!.client.send(channelIds[where], `${where}: ${s.text.trim() || "…"}`);
      if (!sent.ok) throw new Error(sent.message);
      said.push({ seq: sent.data.seq, where });
    }
    await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: ex(), status: "ended" });
    const host = live.participants.get("host-nation")!;
    await until(host, () => host.events.some((e) => e.type === "exercise.status" && e.payload.to === "ended"));
  });
  afterAll(async () => server.close());

  it("accepts a pin exactly when the person's seat could see the event, and never shows them one it could not", async () => {
    const checked = { pins: 0, refused: 0, reads: 0, evidence: 0 };
    const state = { bc1: false, bc2: false };
    const setDeclassified = async (next: Record<"bc1" | "bc2", boolean>) => {
      for (const bc of ["bc1", "bc2"] as const) {
        if (state[bc] === next[bc]) continue;
        const res = await declassify.POST(request("facilitator", "POST", { channelId: channelIds[bc], declassified: next[bc] }), params());
        expect(res.status).toBe(200);
        state[bc] = next[bc];
      }
    };
    const flags = fc.record({ bc1: fc.boolean(), bc2: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...live.roles),
        fc.constantFrom(...said),
        fc.boolean(),
        flags,
        flags,
        async (role, message, general, atPin, atRead) => {
          const criterion = general ? "" : (rubricFor(live.cast.scenario, role)[0]?.key ?? "");
          await setDeclassified(atPin);
          const pin = await evidence.POST(request("facilitator", "POST", { criterion, seq: message.seq, note: "" }), params(userOf(role)));
          const expected = visible(role, message.where, atPin);
          expect(pin.status, `${role} pinned a ${message.where} message with ${JSON.stringify(atPin)}`).toBe(expected ? 200 : 400);
          checked[expected ? "pins" : "refused"]++;
          if (expected) expect((await release.POST(request("facilitator", "POST", {}), params())).status).toBe(200);

          await setDeclassified(atRead);
          const read = await person.GET(request(`participant as ${role}`, "GET"), params(userOf(role)));
          const body = (await read.json()) as { ok: true; data: AssessmentReport | { status: "pending" } };
          checked.reads++;
          if (!("criteria" in body.data)) return;
          const where = new Map(said.map((m) => [m.seq, m.where]));
          for (const item of body.data.evidence) {
            checked.evidence++;
            expect(visible(role, where.get(item.seq) ?? "plenary", atRead), `${role} was shown seq ${item.seq}`).toBe(true);
          }
          if (expected && visible(role, message.where, atRead)) expect(body.data.evidence.some((e) => e.seq === message.seq && e.criterion === criterion)).toBe(true);
        },
      ),
      { numRuns: 60, seed: 4242 },
    );
    // The run exercised both sides of the rule.
    expect(checked.pins).toBeGreaterThan(5);
    expect(checked.refused).toBeGreaterThan(5);
    expect(checked.evidence).toBeGreaterThan(10);
  });
});
