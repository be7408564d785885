// The facilitator's voice in plenary (an exercise setting, recorded as the facilitator) and
// the reason given with a pause, which everyone reads in the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClientKey } from "../../lib/client/exercise-client";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { runningExercise, until } from "../helpers/live";

describe("the chair's voice and the reasons for a pause", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const ex = () => live.cast.exerciseId;

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
  });
  afterAll(async () => server.close());

  it("lets the facilitator speak in plenary only while the chair's voice is on", async () => {
    const plenary = live.channel("plenary").id;
    const said = (body: string) =>
      live.facilitator.socket.emitWithAck("message:send", { exerciseId: ex(), channelId: plenary, body, clientKey: newClientKey() });
    expect(await said("Order, please.")).toMatchObject({ ok: false, code: "forbidden" });
    expect(live.facilitator.joined?.chairVoice).toBe(false);

    const on = await live.facilitator.socket.emitWithAck("exercise:settings", {
      exerciseId: ex(),
      chairVoice: true,
      clientKey: newClientKey(),
    });
    // Only the named setting changes.
    expect(on).toEqual({ ok: true, data: { observersSeeBackchannels: false, chairVoice: true } });
    const spoken = await said("Order, please. The chair gives the floor to the host nation.");
    expect(spoken.ok).toBe(true);
    const host = live.participants.get("host-nation")!;
    await until(host, () => host.events.some((e) => e.type === "message.sent" && e.payload.body.startsWith("Order, please.")));
    const message = host.events.find((e) => e.type === "message.sent" && e.payload.body.startsWith("Order"));
    expect(message).toMatchObject({ channelId: plenary, payload: { roleName: "Facilitator" } });
    // Still not in a backchannel or a team channel.
    const team = live.facilitator.channels.find((c) => c.kind === "team");
    if (team)
      expect(
        (
          await live.facilitator.socket.emitWithAck("message:send", {
            exerciseId: ex(),
            channelId: team.id,
            body: "x",
            clientKey: newClientKey(),
          })
        ).ok,
      ).toBe(false);

    expect((await live.facilitator.socket.emitWithAck("exercise:settings", { exerciseId: ex(), clientKey: newClientKey() })).ok).toBe(
      false,
    );
    await live.facilitator.socket.emitWithAck("exercise:settings", { exerciseId: ex(), chairVoice: false, clientKey: newClientKey() });
    expect(await said("Again?")).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("tells everyone why the exercise paused", async () => {
    const paused = await live.facilitator.socket.emitWithAck("exercise:set-status", {
      exerciseId: ex(),
      status: "paused",
      reason: "Fire drill: back in ten minutes",
      clientKey: newClientKey(),
    });
    expect(paused.ok).toBe(true);
    const mediator = live.participants.get("un-mediator")!;
    await until(mediator, () => mediator.events.some((e) => e.type === "exercise.status" && e.payload.to === "paused"));
    expect(mediator.events.find((e) => e.type === "exercise.status" && e.payload.to === "paused")).toMatchObject({
      payload: { reason: "Fire drill: back in ten minutes" },
    });
    const tooLong = await live.facilitator.socket.emitWithAck("exercise:set-status", {
      exerciseId: ex(),
      status: "running",
      reason: "x".repeat(201),
      clientKey: newClientKey(),
    });
    expect(tooLong).toMatchObject({ ok: false, code: "invalid_payload" });
    expect(
      (await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: ex(), status: "running", clientKey: newClientKey() }))
        .ok,
    ).toBe(true);
  });
});
