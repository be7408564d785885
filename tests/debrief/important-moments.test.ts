// The facilitator flags moments as important in the debrief (a note with `important`,
// whose text may then be empty): who may flag, what a bad request changes (nothing), and
// who reads a flag (the rule of notes: shared, and only with an event the reader saw).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as replay from "../../app/api/exercises/[id]/replay/route";
import * as transcript from "../../app/api/exercises/[id]/transcript/route";
import * as annotations from "../../app/api/exercises/[id]/annotations/route";
import { mayRead } from "../../server/debrief/annotations.service";
import type { ReplayData } from "../../server/debrief/replay.service";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { openBackchannel, runningExercise, until } from "../helpers/live";

describe("important moments in the debrief", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  let plenarySeq = 0;
  let secretSeq = 0;
  const ex = () => live.cast.exerciseId;
  const cookie = (label: string) => live.cast.byLabel(label).cookie!;
  const send = (label: string, method: "POST" | "PATCH", body: unknown) => {
    const handler = method === "POST" ? annotations.POST : annotations.PATCH;
    return handler(
      new Request("http://parley.test/x", {
        method,
        headers: { cookie: cookie(label), origin: TEST_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      {
        params: Promise.resolve({ id: ex() }),
      },
    );
  };
  const flag = async (body: Record<string, unknown>) => {
    const res = await send("facilitator", "POST", body);
    expect(res.status).toBe(201);
    return ((await res.json()) as { data: { id: string } }).data.id;
  };
  const replayOf = async (label: string) =>
    (
      (await (
        await replay.GET(new Request("http://parley.test/x", { headers: { cookie: cookie(label) } }), {
          params: Promise.resolve({ id: ex() }),
        })
      ).json()) as { data: ReplayData }
    ).data;
  /** Every note of the exercise as stored, to see that a refused request changed none. */
  const stored = () => server.db.prisma.annotation.findMany({ where: { exerciseId: ex() }, orderBy: { id: "asc" } });

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
    const host = live.participants.get("host-nation")!;
    const backchannelId = await openBackchannel(live, "host-nation", "un-mediator");
    const secret = await host.client.send(backchannelId, "Codeword Birch: we can give up the bridge.");
    const plenary = await host.client.send(live.channel("plenary", "host-nation").id, "On the record: we are ready.");
    secretSeq = secret.ok ? secret.data.seq : 0;
    plenarySeq = plenary.ok ? plenary.data.seq : 0;
    await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: ex(), status: "ended" });
    await until(host, () => host.events.some((e) => e.type === "exercise.status" && (e.payload as { to: string }).to === "ended"));
  });
  afterAll(async () => server.close());

  it("flags an event with no text, for the facilitator only until shared", async () => {
    const id = await flag({ targetSeq: plenarySeq, important: true });
    const mine = (await replayOf("facilitator")).annotations.find((a) => a.id === id);
    expect(mine).toMatchObject({ targetSeq: plenarySeq, body: "", important: true, visibleToParticipants: false });
    expect((await replayOf("participant as regional-body")).annotations.map((a) => a.id)).not.toContain(id);
    const shared = await send("facilitator", "PATCH", { annotationId: id, visibleToParticipants: true });
    expect(shared.status).toBe(200);
    expect((await replayOf("participant as regional-body")).annotations.find((a) => a.id === id)).toMatchObject({
      important: true,
      body: "",
    });
  });

  it("creates a note as not important unless told, and flags it later", async () => {
    const id = await flag({ targetSeq: plenarySeq, body: "A firm tone." });
    expect((await replayOf("facilitator")).annotations.find((a) => a.id === id)?.important).toBe(false);
    const res = await send("facilitator", "PATCH", { annotationId: id, important: true });
    expect(await res.json()).toEqual({ ok: true, data: { annotationId: id, important: true, removed: false } });
    expect((await replayOf("facilitator")).annotations.find((a) => a.id === id)).toMatchObject({
      important: true,
      body: "A firm tone.",
      visibleToParticipants: false,
    });
  });

  it("refuses bad requests with a 400 that says why, and changes nothing", async () => {
    const id = await flag({ targetSeq: plenarySeq, body: "Keep me as I am." });
    const before = await stored();
    const refused = async (method: "POST" | "PATCH", body: unknown, message?: string) => {
      const res = await send("facilitator", method, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const answer = (await res.json()) as { ok: boolean; code: string; issues?: { message: string }[] };
      expect(answer).toMatchObject({ ok: false, code: "invalid_payload" });
      if (message) expect(answer.issues?.map((i) => i.message)).toContain(message);
    };
    await refused("POST", { targetSeq: plenarySeq, body: "   " }, "write the note (only a flag, important: true, may have no text)");
    await refused("POST", { targetSeq: plenarySeq }, "write the note (only a flag, important: true, may have no text)");
    await refused("POST", { important: true }, "pin the note to an event (targetSeq) or a moment (at)");
    await refused("POST", { targetSeq: plenarySeq, important: "yes" });
    await refused("PATCH", { annotationId: id }, "name what changes: visibleToParticipants, important or both");
    await refused("PATCH", { annotationId: id, important: 1 });
    await refused("PATCH", { annotationId: id, important: true, body: "Rewritten" });
    await refused("PATCH", { important: true });
    expect(await stored()).toEqual(before);
  });

  it("answers 404 for a note it does not know, and changes nothing", async () => {
    const before = await stored();
    const res = await send("facilitator", "PATCH", { annotationId: "no-such-note", important: true });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ ok: false, code: "not_found", message: "No such note" });
    expect(await stored()).toEqual(before);
  });

  it("removes a flag without text when it is unflagged, and keeps a note with text as a note", async () => {
    const bare = await flag({ targetSeq: plenarySeq, important: true });
    const noted = await flag({ targetSeq: plenarySeq, body: "Worth a second look.", important: true });
    expect(await (await send("facilitator", "PATCH", { annotationId: bare, important: false })).json()).toMatchObject({
      ok: true,
      data: { removed: true },
    });
    expect(await (await send("facilitator", "PATCH", { annotationId: noted, important: false })).json()).toMatchObject({
      ok: true,
      data: { removed: false },
    });
    const notes = (await replayOf("facilitator")).annotations;
    expect(notes.map((a) => a.id)).not.toContain(bare);
    expect(notes.find((a) => a.id === noted)).toMatchObject({ important: false, body: "Worth a second look." });
  });

  it("lets no participant or observer flag, unflag or share, and changes nothing when refused", async () => {
    const id = await flag({ targetSeq: plenarySeq, important: true });
    const before = await stored();
    for (const label of ["participant as host-nation", "observer"]) {
      expect((await send(label, "POST", { targetSeq: plenarySeq, important: true })).status).toBe(403);
      expect((await send(label, "PATCH", { annotationId: id, important: false })).status).toBe(403);
      expect((await send(label, "PATCH", { annotationId: id, visibleToParticipants: true })).status).toBe(403);
    }
    expect(await stored()).toEqual(before);
  });

  it("never gives a reader a flag on an event they could not see, even shared", async () => {
    const id = await flag({ targetSeq: secretSeq, important: true, visibleToParticipants: true });
    const atMoment = await flag({
      at: new Date().toISOString(),
      body: "The room went quiet.",
      important: true,
      visibleToParticipants: true,
    });
    const flagsOf = async (label: string) => (await replayOf(label)).annotations.filter((a) => a.important).map((a) => a.id);
    // In the backchannel: they saw the message, so they see its flag.
    expect(await flagsOf("participant as host-nation")).toContain(id);
    expect(await flagsOf("participant as un-mediator")).toContain(id);
    // Outside it: neither the flag nor anything of it, in the replay or in an export.
    for (const label of ["participant as regional-body", "observer"]) {
      const flags = await flagsOf(label);
      expect(flags, label).not.toContain(id);
      expect(flags, label).toContain(atMoment);
      const json = await (
        await transcript.GET(new Request("http://parley.test/x?format=json", { headers: { cookie: cookie(label) } }), {
          params: Promise.resolve({ id: ex() }),
        })
      ).text();
      expect(json, label).not.toContain(id);
      expect(json, label).not.toContain(`"targetSeq":${secretSeq}`);
    }
    expect(await flagsOf("facilitator")).toContain(id);
  });
});

describe("who reads a note or a flag", () => {
  const seen = new Set([1, 2]);
  const facilitator = { kind: "facilitator" } as const;
  const role = { kind: "role", roleKey: "regional-body" } as const;

  it("gives a note on an event only with its event, to the facilitator too (an unopened backchannel stays unopened)", () => {
    expect(mayRead(facilitator, { targetSeq: 3, visibleToParticipants: true }, seen)).toBe(false);
    expect(mayRead(facilitator, { targetSeq: 2, visibleToParticipants: false }, seen)).toBe(true);
  });

  it("gives anyone else only shared notes, on events they saw or on moments", () => {
    expect(mayRead(role, { targetSeq: 2, visibleToParticipants: false }, seen)).toBe(false);
    expect(mayRead(role, { targetSeq: 2, visibleToParticipants: true }, seen)).toBe(true);
    expect(mayRead(role, { targetSeq: 3, visibleToParticipants: true }, seen)).toBe(false);
    expect(mayRead({ kind: "observer" }, { targetSeq: null, visibleToParticipants: true }, seen)).toBe(true);
  });
});
