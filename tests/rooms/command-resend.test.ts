// Every command the browser sends carries a client key, and a resend after a lost ack
// must get the first answer and change nothing, even when the first one already changed
// the state its checks look at (an invitation answered, a clock extended).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClientKey } from "../../lib/client/exercise-client";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { runningExercise } from "../helpers/live";

describe("resent commands", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const ex = () => live.cast.exerciseId;
  const count = (type: string) => server.db.prisma.exerciseEvent.count({ where: { exerciseId: ex(), type } });

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
  });
  afterAll(async () => server.close());

  it("answers a resent backchannel acceptance with the first answer, and records it once", async () => {
    const host = live.participants.get("host-nation")!;
    const mediator = live.participants.get("un-mediator")!;
    const request = await host.socket.emitWithAck("backchannel:request", {
      exerciseId: ex(),
      roles: ["un-mediator"],
      clientKey: newClientKey(),
    });
    if (!request.ok) throw new Error(request.message);
    const accept = { exerciseId: ex(), channelId: request.data.channelId, accept: true, clientKey: newClientKey() };
    const first = await mediator.socket.emitWithAck("backchannel:respond", accept);
    const again = await mediator.socket.emitWithAck("backchannel:respond", accept);
    expect(first).toEqual({ ok: true, data: { channelId: request.data.channelId } });
    expect(again).toEqual(first);
    expect(await count("backchannel.accepted")).toBe(1);
    // Without the key's memory the second would be refused: there is no invitation left.
    expect((await mediator.socket.emitWithAck("backchannel:respond", { ...accept, clientKey: newClientKey() })).ok).toBe(false);
  });

  it("extends the clock once for a resent extension and answers both with the same clock", async () => {
    const extend = { exerciseId: ex(), minutes: 7, clientKey: newClientKey() };
    const first = await live.facilitator.socket.emitWithAck("exercise:extend", extend);
    const again = await live.facilitator.socket.emitWithAck("exercise:extend", extend);
    if (!first.ok || !again.ok) throw new Error("extend refused");
    expect(again.data.clock.extensionMs).toBe(first.data.clock.extensionMs);
    expect(await count("exercise.extended")).toBe(1);
  });

  it("releases a new inject and an announcement once per key", async () => {
    const inject = { exerciseId: ex(), title: "Flood", text: "The river rises.", audience: "all" as const, clientKey: newClientKey() };
    const first = await live.facilitator.socket.emitWithAck("inject:release", inject);
    expect(await live.facilitator.socket.emitWithAck("inject:release", inject)).toEqual(first);
    const note = { exerciseId: ex(), body: "Ten minutes left.", roles: ["host-nation"], clientKey: newClientKey() };
    const said = await live.facilitator.socket.emitWithAck("announcement:send", note);
    expect(await live.facilitator.socket.emitWithAck("announcement:send", note)).toEqual(said);
    expect([await count("inject.released"), await count("announcement.sent")]).toEqual([1, 1]);
  });

  it("signs once for a resent signature and tells both the same", async () => {
    await live.facilitator.socket.emitWithAck("exercise:set-phase", {
      exerciseId: ex(),
      phaseIndex: live.cast.scenario.phases.findIndex((p) => p.drafting),
    });
    const plenary = live.channel("plenary", "host-nation").id;
    const drafter = live.cast.scenario.roles.find((r) => r.permissions.includes("table-draft"))!.key;
    const created = await live.participants
      .get(drafter)!
      .socket.emitWithAck("agreement:create", { exerciseId: ex(), channelId: plenary, fromTemplate: true, clientKey: newClientKey() });
    if (!created.ok) throw new Error(created.message);
    const tabled = { exerciseId: ex(), agreementId: created.data.agreementId, clientKey: newClientKey() };
    const first = await live.participants.get(drafter)!.socket.emitWithAck("agreement:table", tabled);
    expect(first.ok).toBe(true);
    expect(await live.participants.get(drafter)!.socket.emitWithAck("agreement:table", tabled)).toEqual(first);
    const signer = live.cast.scenario.roles.find((r) => r.permissions.includes("sign"))!.key;
    const sign = {
      exerciseId: ex(),
      agreementId: created.data.agreementId,
      version: first.ok ? first.data.version : 0,
      clientKey: newClientKey(),
    };
    const signed = await live.participants.get(signer)!.socket.emitWithAck("agreement:sign", sign);
    expect(signed.ok).toBe(true);
    expect(await live.participants.get(signer)!.socket.emitWithAck("agreement:sign", sign)).toEqual(signed);
    expect([await count("agreement.tabled"), await count("agreement.signed")]).toEqual([1, 1]);
  });
});
