// Scheduled injects leave through the outbox: the change that makes an inject the next
// one due records an `injects.due` effect in its own transaction, and the worker releases
// it when it comes, once, also when no node holds the exercise in memory any more (a
// restart) and when the worker runs it again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { runningExercise, until } from "../helpers/live";

describe("scheduled injects through the outbox", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
  });
  afterAll(async () => server.close());

  it("schedules the next inject with each change and releases it once when due", async () => {
    const live = await runningExercise(server);
    const exerciseId = live.cast.exerciseId;
    const scenario = live.cast.scenario;
    const phaseIndex = scenario.phases.findIndex((ph) => scenario.injects.some((i) => i.at !== "manual" && i.at.phase === ph.key));
    if (phaseIndex < 0) return expect.fail("the scenario needs a phase with a scheduled inject");
    const phase = scenario.phases[phaseIndex]!;
    const first = scenario.injects
      .filter((i) => i.at !== "manual" && i.at.phase === phase.key)
      .sort((a, b) => (a.at !== "manual" && b.at !== "manual" ? a.at.minute - b.at.minute : 0))[0]!;
    const minute = first.at !== "manual" ? first.at.minute : 0;
    const releases = () => server.db.prisma.exerciseEvent.count({ where: { exerciseId, idempotencyKey: `inject:scenario:${first.key}` } });

    const changedAt = server.time.now();
    expect((await live.facilitator.socket.emitWithAck("exercise:set-phase", { exerciseId, phaseIndex })).ok).toBe(true);
    const scheduled = await server.db.prisma.effect.findMany({ where: { exerciseId, kind: "injects.due", doneAt: null } });
    const due = scheduled.map((e) => e.runAt.getTime()).sort((a, b) => a - b);
    expect(due.some((at) => Math.abs(at - (changedAt + minute * 60_000)) < 5_000)).toBe(true);

    // Not yet due: the worker runs nothing.
    await server.context.effects.runDue();
    expect(await releases()).toBe(0);

    // The process loses its copy of the room (as a restart would); the inject comes due.
    await server.context.live.forget(exerciseId);
    server.time.advance(minute * 60_000 + 1_000);
    await server.context.effects.runDue();
    expect(await releases()).toBe(1);
    const host = live.participants.get(live.roles[0]!)!;
    if (first.audience === "all" || first.audience.includes(host.roleKey!)) {
      await until(host, () => host.events.some((e) => e.type === "inject.released"));
    }
    // Run again, and by the old 2-second check too: still one release.
    await server.context.effects.runDue();
    await server.realtime.live.run.tick();
    expect(await releases()).toBe(1);
  });
});
