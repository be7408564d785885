// Routes change an exercise through the same command path as socket events, so what
// they commit reaches open sockets live: the lobby opening, a new join code and a
// declassified backchannel arrive at the facilitator's open console without a reload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lobby from "../../app/api/exercises/[id]/lobby/route";
import * as joinCode from "../../app/api/exercises/[id]/join-code/route";
import * as declassify from "../../app/api/exercises/[id]/declassify/route";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { connectMember, openBackchannel, runningExercise, until } from "../helpers/live";
import { seedCast } from "../helpers/seed-exercise";

type Handler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;

describe("commands sent by routes", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
  });
  afterAll(async () => server.close());

  const post = (handler: Handler, exerciseId: string, cookie: string, body?: unknown) =>
    handler(
      new Request("http://parley.test/x", {
        method: "POST",
        headers: { origin: TEST_ORIGIN, cookie, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
      { params: Promise.resolve({ id: exerciseId }) },
    );

  it("delivers the lobby opening and a new join code live to the open console", async () => {
    const cast = await seedCast(server);
    const facilitator = cast.byLabel("facilitator");
    const created = await server.context.services.exerciseFlow.create(
      { userId: facilitator.userId!, systemRole: "facilitator", seats: [{ seat: "facilitator" }] },
      { scenarioId: cast.scenarioId },
    );
    if (!created.ok) throw new Error(created.message);
    const draft = { ...cast, exerciseId: created.data.id };
    const consoleView = await connectMember(server, draft, "facilitator");
    expect((await post(lobby.POST, draft.exerciseId, facilitator.cookie!)).status).toBe(200);
    await until(consoleView, () => consoleView.events.some((e) => e.type === "exercise.lobby-opened"));
    expect((await post(joinCode.POST, draft.exerciseId, facilitator.cookie!)).status).toBe(200);
    await until(consoleView, () => consoleView.events.some((e) => e.type === "exercise.join-code-rotated"));
    // Each event once, in the log's order.
    const seqs = consoleView.events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it("delivers a declassification live to staff and to no participant", async () => {
    const live = await runningExercise(server);
    const exerciseId = live.cast.exerciseId;
    const channelId = await openBackchannel(live, live.roles[0]!, live.roles[1]!);
    expect((await live.facilitator.socket.emitWithAck("oversight:open", { exerciseId, channelId })).ok).toBe(true);
    const res = await post(declassify.POST, exerciseId, live.cast.byLabel("facilitator").cookie!, { channelId, declassified: true });
    expect(res.status).toBe(200);
    await until(live.facilitator, () => live.facilitator.events.some((e) => e.type === "channel.declassified"));
    for (const p of live.participants.values()) expect(p.events.some((e) => e.type === "channel.declassified")).toBe(false);
  });
});
