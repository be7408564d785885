import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as transcript from "../../app/api/exercises/[id]/transcript/route";
import * as replay from "../../app/api/exercises/[id]/replay/route";
import * as declassify from "../../app/api/exercises/[id]/declassify/route";
import * as annotations from "../../app/api/exercises/[id]/annotations/route";
import * as objectives from "../../app/api/exercises/[id]/objectives/route";
import { newClientKey } from "../../lib/client/exercise-client";
import type { ReplayData } from "../../server/debrief/replay.service";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { runningExercise, until } from "../helpers/live";
import { storedMessages } from "../helpers/stored-messages";

const SECRET = "Codeword Birch: the army can pull back 10 km.";

describe("debrief exports, notes and declassification", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  let backchannelId = "";
  let plenarySeq = 0;
  const ex = () => live.cast.exerciseId;
  const cookie = (label: string) => live.cast.byLabel(label).cookie!;
  const get = (handler: typeof transcript.GET, label: string, query = "") =>
    handler(new Request(`http://parley.test/x${query}`, { headers: { cookie: cookie(label) } }), { params: Promise.resolve({ id: ex() }) });
  const send = (handler: typeof declassify.POST, label: string, body: unknown, method = "POST") =>
    handler(
      new Request("http://parley.test/x", {
        method,
        headers: { cookie: cookie(label), origin: TEST_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ id: ex() }) },
    );

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
    const host = live.participants.get("host-nation")!;
    const request = await host.socket.emitWithAck("backchannel:request", {
      exerciseId: ex(),
      roles: ["un-mediator"],
      clientKey: newClientKey(),
    });
    if (!request.ok) throw new Error(request.message);
    backchannelId = request.data.channelId;
    await live.participants
      .get("un-mediator")!
      .socket.emitWithAck("backchannel:respond", { exerciseId: ex(), channelId: backchannelId, accept: true, clientKey: newClientKey() });
    await host.client.send(backchannelId, SECRET);
    const plenary = await host.client.send(live.channel("plenary", "host-nation").id, "On the record: we are ready.");
    plenarySeq = plenary.ok ? plenary.data.seq : 0;
    await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: ex(), status: "ended" });
    await until(host, () => host.events.some((e) => e.type === "exercise.status" && (e.payload as { to: string }).to === "ended"));
  });
  afterAll(async () => server.close());

  it("exports Markdown and JSON in each perspective", async () => {
    const md = async (label: string, query = "") => (await get(transcript.GET, label, query)).text();
    expect(await md("facilitator")).toContain(SECRET);
    expect(await md("participant as host-nation")).toContain(SECRET);
    expect(await md("participant as un-mediator")).toContain(SECRET);
    const regional = await md("participant as regional-body");
    expect(regional).toContain("On the record: we are ready.");
    expect(regional).not.toContain("Codeword Birch");
    const json = (await (await get(transcript.GET, "participant as regional-body", "?format=json")).json()) as {
      perspective: unknown;
      entries: { seq: number }[];
    };
    expect(json.perspective).toEqual({ kind: "role", roleKey: "regional-body" });
    expect(JSON.stringify(json)).not.toContain("Codeword Birch");
    const asRegional = await md("facilitator", "?as=regional-body");
    expect(asRegional).not.toContain("Codeword Birch");
    expect((await get(transcript.GET, "participant as host-nation", "?as=regional-body")).status).toBe(403);
    expect((await get(transcript.GET, "participant of another exercise")).status).toBe(403);
  });

  it("shows notes to participants only when the facilitator chooses, and never notes on events they cannot see", async () => {
    const pinned = await send(annotations.POST, "facilitator", {
      targetSeq: plenarySeq,
      body: "Note the firm tone.",
      visibleToParticipants: false,
    });
    const noteId = ((await pinned.json()) as { data: { id: string } }).data.id;
    const secretSeq = (await storedMessages(server.db.prisma, { channelId: backchannelId }))[0]!.seq;
    await send(annotations.POST, "facilitator", { targetSeq: secretSeq, body: "The secret offer.", visibleToParticipants: true });
    expect((await send(annotations.POST, "participant as host-nation", { targetSeq: plenarySeq, body: "x" })).status).toBe(403);
    const notesOf = async (label: string) =>
      ((await (await get(replay.GET, label)).json()) as { data: ReplayData }).data.annotations.map((a) => a.body);
    expect(await notesOf("participant as regional-body")).toEqual([]);
    expect(await notesOf("participant as host-nation")).toEqual(["The secret offer."]);
    expect(await notesOf("facilitator")).toEqual(["Note the firm tone.", "The secret offer."]);
    await send(annotations.PATCH, "facilitator", { annotationId: noteId, visibleToParticipants: true }, "PATCH");
    expect(await notesOf("participant as regional-body")).toEqual(["Note the firm tone."]);
    expect(await (await get(transcript.GET, "participant as regional-body")).text()).toContain("> Note: Note the firm tone.");
  });

  it("opens a declassified backchannel to every participant, marked as such, and records it", async () => {
    expect((await send(declassify.POST, "participant as host-nation", { channelId: backchannelId, declassified: true })).status).toBe(403);
    expect((await send(declassify.POST, "facilitator", { channelId: backchannelId, declassified: true })).status).toBe(200);
    const regional = await (await get(transcript.GET, "participant as regional-body")).text();
    expect(regional).toContain(SECRET);
    expect(regional).toContain("(declassified backchannel)");
    expect(await server.db.prisma.exerciseEvent.count({ where: { exerciseId: ex(), type: "channel.declassified" } })).toBe(1);
  });

  it("computes figures from the viewer's events and lets the facilitator tick objectives", async () => {
    const data = async (label: string) => ((await (await get(replay.GET, label)).json()) as { data: ReplayData }).data;
    const facilitator = await data("facilitator");
    expect(facilitator.figures.msToFirstBackchannel).not.toBeNull();
    expect(facilitator.figures.edges.some((e) => e.from === "host-nation" && e.to === "un-mediator" && e.backchannel === 1)).toBe(true);
    expect(facilitator.figures.phases[1]?.messagesByRole["host-nation"]).toBe(2);
    // Declassified (above): its edges count for a role that was never in it.
    const regional = await data("participant as regional-body");
    expect(regional.figures.edges.some((e) => e.from === "host-nation" && e.to === "un-mediator" && e.backchannel === 1)).toBe(true);
    expect(regional.figures.nodes.map((n) => n.roleKey)).toEqual(live.roles);
    const objective = facilitator.objectives![0]!.items[0]!;
    const tick = await send(objectives.POST, "facilitator", {
      roleKey: facilitator.objectives![0]!.roleKey,
      objectiveId: objective.id,
      met: true,
    });
    expect(tick.status).toBe(200);
    expect((await data("facilitator")).objectives![0]!.items[0]!.met).toBe(true);
    expect((await data("participant as host-nation")).objectives).toBeUndefined();
  });
});
