// Property: an assessment's evidence never shows its reader an event the person's seat could
// not see, nor one the reader may not read. The model is the protocol's rule, written here
// from docs/protocol.md, not from the server: plenary reaches every role; a backchannel
// reaches the roles in it, and every role once the facilitator declassifies it for the
// debrief (until they reclassify it); an observer (observers may not read backchannels here)
// reads plenary and declassified backchannels; the facilitator, after the end, everything.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as person from "../../app/api/exercises/[id]/assessments/[userId]/route";
import * as evidence from "../../app/api/exercises/[id]/assessments/[userId]/evidence/route";
import * as release from "../../app/api/exercises/[id]/assessments/release/route";
import * as settings from "../../app/api/exercises/[id]/assessments/settings/route";
import * as declassify from "../../app/api/exercises/[id]/declassify/route";
import { newClientKey } from "../../lib/client/exercise-client";
import { rubricFor } from "../../lib/scenario/rubric";
import type { AssessmentReport } from "../../server/assessment/assessment.service";
import { runningExercise, until } from "../helpers/live";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";

type Where = "plenary" | "bc1" | "bc2";
/** Who reads the person's assessment, and by which answer (an assessor's empty save answers with it too). */
type Reader = { kind: "person" } | { kind: "facilitator" | "observer"; via: "GET" | "PUT" };
type Declassified = Record<"bc1" | "bc2", boolean>;
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
    const init: RequestInit = {
      method,
      headers: { cookie: live.cast.byLabel(label).cookie!, origin: TEST_ORIGIN, "content-type": "application/json" },
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    return new Request("http://parley.test/x", init);
  };
  const params = (userId = "") => ({ params: Promise.resolve({ id: ex(), userId }) });
  const visible = (roleKey: string, where: Where, declassified: Declassified) =>
    where === "plenary" || MEMBERS[where].includes(roleKey) || declassified[where];
  const readable = (reader: Reader, roleKey: string, where: Where, declassified: Declassified) =>
    reader.kind === "facilitator" ||
    where === "plenary" ||
    declassified[where] ||
    (reader.kind === "person" && MEMBERS[where].includes(roleKey));

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
    channelIds.plenary = live.channel("plenary", "host-nation").id;
    for (const bc of ["bc1", "bc2"] as const) {
      const [first, ...rest] = MEMBERS[bc];
      const asked = await live.participants
        .get(first!)!
        .socket.emitWithAck("backchannel:request", { exerciseId: ex(), roles: rest, clientKey: newClientKey() });
      if (!asked.ok) throw new Error(asked.message);
      channelIds[bc] = asked.data.channelId;
      for (const role of rest)
        await live.participants.get(role)!.socket.emitWithAck("backchannel:respond", {
          exerciseId: ex(),
          channelId: asked.data.channelId,
          accept: true,
          clientKey: newClientKey(),
        });
    }
    // A random conversation: each message by a role in a channel it belongs to.
    const sends = fc.sample(
      fc.record({
        role: fc.constantFrom(...live.roles),
        where: fc.constantFrom<Where>("plenary", "bc1", "bc2"),
        text: fc.string({ minLength: 1, maxLength: 40 }),
      }),
      { numRuns: 40, seed: 20261128 },
    );
    for (const s of sends) {
      const where = s.where !== "plenary" && !MEMBERS[s.where].includes(s.role) ? "plenary" : s.where;
      const sent = await live.participants.get(s.role)!.client.send(channelIds[where], `${where}: ${s.text.trim() || "…"}`);
      if (!sent.ok) throw new Error(sent.message);
      said.push({ seq: sent.data.seq, where });
    }
    const allowed = await settings.PUT(request("facilitator", "PUT", { observersAssess: true }), params());
    if (allowed.status !== 200) throw new Error("could not let observers assess");
    await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: ex(), status: "ended" });
    const host = live.participants.get("host-nation")!;
    await until(host, () => host.events.some((e) => e.type === "exercise.status" && e.payload.to === "ended"));
  });
  afterAll(async () => server.close());

  it("accepts a pin exactly when the person's seat could see the event, and shows a reader only evidence both could see", async () => {
    const checked = { pins: 0, refused: 0, reads: 0, evidence: 0, hidden: 0, readers: new Set<string>() };
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
    const readers = fc.oneof(
      fc.constant<Reader>({ kind: "person" }),
      fc.record({
        kind: fc.constantFrom("facilitator" as const, "observer" as const),
        via: fc.constantFrom("GET" as const, "PUT" as const),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...live.roles),
        fc.constantFrom(...said),
        fc.boolean(),
        flags,
        flags,
        readers,
        async (role, message, general, atPin, atRead, reader) => {
          const criterion = general ? "" : (rubricFor(live.cast.scenario, role)[0]?.key ?? "");
          await setDeclassified(atPin);
          const pin = await evidence.POST(request("facilitator", "POST", { criterion, seq: message.seq, note: "" }), params(userOf(role)));
          const expected = visible(role, message.where, atPin);
          expect(pin.status, `${role} pinned a ${message.where} message with ${JSON.stringify(atPin)}`).toBe(expected ? 200 : 400);
          checked[expected ? "pins" : "refused"]++;
          if (expected) expect((await release.POST(request("facilitator", "POST", {}), params())).status).toBe(200);

          await setDeclassified(atRead);
          const read =
            reader.kind === "person"
              ? await person.GET(request(`participant as ${role}`, "GET"), params(userOf(role)))
              : reader.via === "GET"
                ? await person.GET(request(reader.kind, "GET"), params(userOf(role)))
                : await person.PUT(request(reader.kind, "PUT", {}), params(userOf(role)));
          const label = `${JSON.stringify(reader)} reading ${role}'s assessment with ${JSON.stringify(atRead)}`;
          expect(read.status, label).toBe(200);
          const text = await read.text();
          const body = JSON.parse(text) as { ok: true; data: AssessmentReport | { status: "pending" } };
          checked.reads++;
          checked.readers.add(reader.kind);
          if (!("criteria" in body.data)) return;
          const where = new Map(said.map((m) => [m.seq, m.where]));
          const shown = new Set(body.data.evidence.map((e) => e.seq));
          for (const item of body.data.evidence) {
            checked.evidence++;
            const at = where.get(item.seq) ?? "plenary";
            expect(visible(role, at, atRead) && readable(reader, role, at, atRead), `${label} was shown seq ${item.seq}`).toBe(true);
            expect(item.event.seq).toBe(item.seq);
          }
          // Nothing of a message kept from the reader is in the answer, as evidence or otherwise.
          for (const m of said) {
            if (m.where === "plenary" || readable(reader, role, m.where, atRead) || shown.has(m.seq)) continue;
            checked.hidden++;
            expect(text, `${label} received seq ${m.seq}`).not.toMatch(new RegExp(`"seq":${m.seq}[,}]`));
          }
          if (expected && visible(role, message.where, atRead) && readable(reader, role, message.where, atRead)) {
            expect(
              body.data.evidence.some((e) => e.seq === message.seq && e.criterion === criterion),
              `${label} misses seq ${message.seq}`,
            ).toBe(true);
          }
        },
      ),
      { numRuns: 60, seed: 4242 },
    );
    // The run exercised both sides of the rule.
    expect(checked.pins).toBeGreaterThan(5);
    expect(checked.refused).toBeGreaterThan(5);
    expect(checked.evidence).toBeGreaterThan(10);
    expect(checked.hidden).toBeGreaterThan(5);
    expect([...checked.readers].sort()).toEqual(["facilitator", "observer", "person"]);
  });
});
