// The console's audit panel reads oversight.opened events from the facilitator's own event
// stream: every opening must reach staff, live and on a later join, and nobody else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClientKey } from "../../lib/client/exercise-client";
import type { EventDto } from "../../lib/contract/events";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { connectMember, runningExercise, until, type LiveMember } from "../helpers/live";

const openings = (m: LiveMember) => m.events.flatMap((e: EventDto) => (e.type === "oversight.opened" ? [e.payload] : []));

describe("oversight openings for the console's audit panel", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
  });
  afterAll(async () => server.close());

  it("tells staff of every opening, theirs and an observer's, live and on a later join, and tells no one else", async () => {
    const exerciseId = live.cast.exerciseId;
    const host = live.participants.get("host-nation")!;
    const asked = await host.socket.emitWithAck("backchannel:request", {
      exerciseId,
      roles: ["intervening-power"],
      clientKey: newClientKey(),
    });
    if (!asked.ok) throw new Error(asked.message);
    const channelId = asked.data.channelId;
    await live.participants
      .get("intervening-power")!
      .socket.emitWithAck("backchannel:respond", { exerciseId, channelId, accept: true, clientKey: newClientKey() });

    expect((await live.facilitator.socket.emitWithAck("oversight:open", { exerciseId, channelId })).ok).toBe(true);
    await until(live.facilitator, () => openings(live.facilitator).length === 1);
    expect(openings(live.facilitator)[0]).toMatchObject({ channelId, reader: "facilitator", seat: "facilitator" });

    expect((await live.facilitator.socket.emitWithAck("exercise:settings", { exerciseId, observersSeeBackchannels: true })).ok).toBe(true);
    const observer = await connectMember(server, live.cast, "observer");
    expect((await observer.socket.emitWithAck("oversight:open", { exerciseId, channelId })).ok).toBe(true);
    await until(live.facilitator, () => openings(live.facilitator).length === 2);
    expect(openings(live.facilitator)[1]).toMatchObject({ channelId, reader: "observer", seat: "observer" });

    // A console opened later catches up on both.
    const later = await connectMember(server, live.cast, "facilitator");
    await until(later, () => openings(later).length === 2);

    // A plenary message after both openings reaches everyone; by then no one else has heard of them.
    const marker = await host.client.send(live.channel("plenary", "host-nation").id, "after the openings");
    if (!marker.ok) throw new Error(marker.message);
    for (const member of [...live.participants.values(), observer]) {
      await until(member, () => member.events.some((e) => e.seq === marker.data.seq));
      expect(openings(member)).toEqual([]);
    }
  });
});
