import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClientKey } from "../../lib/client/exercise-client";
import type { EventDto } from "../../lib/contract/events";
import { connected, disconnected, startTestServer, type TestServer } from "../helpers/test-server";
import { connectMember, messages, runningExercise, until } from "../helpers/live";
import { createServer } from "node:http";
import { createSocketServer } from "../../server/socket/socket-server";
import { createLogger } from "../../server/logger";
import { createLiveRooms } from "../../server/rooms/live-rooms";

/** A second socket server over the same database: what a restart leaves behind. */
async function startSocketServerOn(server: TestServer) {
  const httpServer = createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const logger = createLogger("silent");
  // A restart starts with no loaded rooms: new live rooms over the same database.
  const live = createLiveRooms({ db: server.db.prisma, services: server.context.services, logger, now: server.time.now });
  return createSocketServer({
    httpServer,
    logger,
    version: "restarted",
    sessions: server.context.sessions,
    live,
    allowedOrigins: [],
    schedulerIntervalMs: 0,
    now: server.time.now,
  });
}

describe("facilitator console over sockets", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const p = (role: string) => live.participants.get(role)!;
  const exerciseId = () => live.cast.exerciseId;

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
  });
  afterAll(async () => server.close());

  it("writes an audit entry for each facilitator read of a backchannel, and only then sends its content", async () => {
    const host = p("host-nation");
    const request = await host.socket.emitWithAck("backchannel:request", {
      exerciseId: exerciseId(),
      roles: ["intervening-power"],
      clientKey: newClientKey(),
    });
    if (!request.ok) throw new Error(request.message);
    const channelId = request.data.channelId;
    await p("intervening-power").socket.emitWithAck("backchannel:respond", {
      exerciseId: exerciseId(),
      channelId,
      accept: true,
      clientKey: newClientKey(),
    });
    await host.client.send(channelId, "quiet words before oversight");
    const after = await host.client.send(live.channel("plenary", "host-nation").id, "a plenary marker");
    await until(live.facilitator, () => live.facilitator.events.some((e) => after.ok && e.seq === after.data.seq));
    // Not opened yet: the facilitator's socket has received nothing of the backchannel.
    expect(messages(live.facilitator, channelId)).toHaveLength(0);

    const audits = () =>
      server.db.prisma.auditEntry.count({ where: { exerciseId: exerciseId(), action: "backchannel.read", target: channelId } });
    const first = await live.facilitator.socket.emitWithAck("oversight:open", { exerciseId: exerciseId(), channelId });
    expect(first.ok && first.data.events.map((e) => (e.payload as { body?: string }).body)).toContain("quiet words before oversight");
    expect(await audits()).toBe(1);
    await live.facilitator.socket.emitWithAck("oversight:open", { exerciseId: exerciseId(), channelId });
    expect(await audits()).toBe(2);
    const entry = await server.db.prisma.auditEntry.findFirst({ where: { target: channelId }, orderBy: { createdAt: "desc" } });
    expect(entry).toMatchObject({ actorUserId: live.cast.byLabel("facilitator").userId, action: "backchannel.read" });

    // Once opened, new messages arrive live; the read is in the log for the debrief.
    const later = await host.client.send(channelId, "said while overseen");
    await until(live.facilitator, () => live.facilitator.events.some((e) => later.ok && e.seq === later.data.seq));
    const logged = await server.db.prisma.exerciseEvent.count({ where: { exerciseId: exerciseId(), type: "oversight.opened" } });
    expect(logged).toBe(2);
  });

  it("refuses oversight to participants and to observers unless the facilitator allows it", async () => {
    const bc = live.facilitator.channels.find((c) => c.kind === "backchannel")!;
    expect(await p("regional-body").socket.emitWithAck("oversight:open", { exerciseId: exerciseId(), channelId: bc.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    const observer = await connectMember(server, live.cast, "observer");
    expect(await observer.socket.emitWithAck("oversight:open", { exerciseId: exerciseId(), channelId: bc.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    const allowed = await live.facilitator.socket.emitWithAck("exercise:settings", {
      exerciseId: exerciseId(),
      observersSeeBackchannels: true,
    });
    expect(allowed.ok).toBe(true);
    expect((await observer.socket.emitWithAck("oversight:open", { exerciseId: exerciseId(), channelId: bc.id })).ok).toBe(true);
  });

  it("does not let observers send anything", async () => {
    const observer = await connectMember(server, live.cast, "observer");
    const plenary = observer.channels.find((c) => c.kind === "plenary")!;
    expect(await observer.client.send(plenary.id, "an observer speaks")).toMatchObject({ ok: false, code: "forbidden" });
    const announcements = observer.channels.find((c) => c.kind === "announcements")!;
    expect(await observer.client.send(announcements.id, "an observer announces")).toMatchObject({ ok: false, code: "forbidden" });
    expect(
      await observer.socket.emitWithAck("backchannel:request", {
        exerciseId: exerciseId(),
        roles: ["host-nation"],
        clientKey: newClientKey(),
      }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    expect(
      await observer.socket.emitWithAck("inject:release", { exerciseId: exerciseId(), title: "x", text: "y", audience: "all" }),
    ).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("disconnects a removed participant, refuses them on reconnect, and lets them back once re-admitted", async () => {
    const member = live.cast.byLabel("participant as humanitarian-agency");
    const removed = p("humanitarian-agency");
    const gone = disconnected(removed.socket);
    const result = await live.facilitator.socket.emitWithAck("roster:remove", { exerciseId: exerciseId(), userId: member.userId! });
    expect(result.ok).toBe(true);
    expect(await gone).toBe("io server disconnect");
    const again = server.client({ cookie: member.cookie! });
    await connected(again);
    const join = await again.emitWithAck("exercise:join", { exerciseId: exerciseId(), afterSeq: 0 });
    expect(join).toMatchObject({ ok: false, code: "forbidden" });
    expect(await server.db.prisma.auditEntry.count({ where: { action: "roster.removed", target: member.userId! } })).toBe(1);

    expect((await live.facilitator.socket.emitWithAck("roster:readmit", { exerciseId: exerciseId(), userId: member.userId! })).ok).toBe(
      true,
    );
    const back = await again.emitWithAck("exercise:join", { exerciseId: exerciseId(), afterSeq: 0 });
    expect(back).toMatchObject({ ok: true, data: { roleKey: "humanitarian-agency" } });
  });

  it("releases an edited scenario inject once, to its audience only, and a new one written on the spot", async () => {
    // A hand-released inject aimed at chosen roles (the humanitarian agency was removed above).
    const inject = live.cast.scenario.injects.find(
      (i) => i.at === "manual" && i.audience !== "all" && !i.audience.includes("humanitarian-agency"),
    )!;
    const audience = inject.audience as string[];
    const edited = {
      exerciseId: exerciseId(),
      injectKey: inject.key,
      title: inject.title,
      text: `${inject.text}\n\n(Edited by the facilitator.)`,
      audience,
    };
    const first = await live.facilitator.socket.emitWithAck("inject:release", edited);
    expect(first.ok).toBe(true);
    expect(await live.facilitator.socket.emitWithAck("inject:release", edited)).toMatchObject({ ok: false, code: "conflict" });
    const outsider = live.roles.find((r) => !audience.includes(r) && r !== "humanitarian-agency")!;
    const insider = p(audience[0]!);
    await until(insider, () => insider.events.some((e) => first.ok && e.seq === first.data.seq));
    const fresh = await live.facilitator.socket.emitWithAck("inject:release", {
      exerciseId: exerciseId(),
      title: "Breaking",
      text: "A donor pulls funding.",
      audience: "all",
    });
    expect(fresh.ok).toBe(true);
    await until(p(outsider), () => p(outsider).events.some((e) => fresh.ok && e.seq === fresh.data.seq));
    expect(p(outsider).events.some((e) => first.ok && e.seq === first.data.seq)).toBe(false);
    const released = insider.events.find((e) => first.ok && e.seq === first.data.seq) as EventDto;
    expect(released.payload).toMatchObject({ title: inject.title, text: expect.stringContaining("Edited by the facilitator") });
  });

  it("fires scheduled injects when their minute comes, once, and loses none across a restart", async () => {
    const scenario = live.cast.scenario;
    const phaseIndex = scenario.phases.findIndex(
      (ph) => scenario.injects.filter((i) => i.at !== "manual" && i.at.phase === ph.key).length >= 2,
    );
    if (phaseIndex < 0) return expect.fail("the scenario needs a phase with two scheduled injects");
    const phase = scenario.phases[phaseIndex]!;
    const [first, second] = scenario.injects
      .filter((i) => i.at !== "manual" && i.at.phase === phase.key)
      .sort((a, b) => (a.at === "manual" || b.at === "manual" ? 0 : a.at.minute - b.at.minute));
    const minuteOf = (i: typeof first) => (i && i.at !== "manual" ? i.at.minute : 0);
    const released = (key: string) =>
      server.db.prisma.exerciseEvent.count({ where: { exerciseId: exerciseId(), idempotencyKey: `inject:scenario:${key}` } });

    expect((await live.facilitator.socket.emitWithAck("exercise:set-phase", { exerciseId: exerciseId(), phaseIndex })).ok).toBe(true);
    expect(await server.realtime.live.run.tick()).toBe(0);
    server.time.advance(minuteOf(first) * 60_000);
    expect(await server.realtime.live.run.tick()).toBe(1);
    expect(await server.realtime.live.run.tick()).toBe(0);
    expect(await released(first!.key)).toBe(1);

    // The second becomes due while the server is down: a new server on the same database
    // fires it once when it comes back, and does not fire the first again.
    server.time.advance((minuteOf(second) - minuteOf(first)) * 60_000);
    const restarted = await startSocketServerOn(server);
    await restarted.live.run.loadActive();
    expect(await restarted.live.run.tick()).toBe(1);
    expect(await restarted.live.run.tick()).toBe(0);
    expect([await released(first!.key), await released(second!.key)]).toEqual([1, 1]);
    await restarted.close();
  });

  it("keeps every client on the same clock: pause stops it, extend adds time", async () => {
    const paused = await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: exerciseId(), status: "paused" });
    if (!paused.ok) throw new Error(paused.message);
    expect(paused.data.clock.running).toBe(false);
    const extended = await live.facilitator.socket.emitWithAck("exercise:extend", { exerciseId: exerciseId(), minutes: 5 });
    expect(extended.ok && extended.data.clock.extensionMs).toBe(5 * 60_000);
    const host = p("host-nation");
    await until(host, () => host.events.some((e) => e.type === "exercise.extended"));
    const event = host.events.find((e) => e.type === "exercise.extended")!;
    expect((event.payload as { clock: unknown }).clock).toEqual(extended.ok ? extended.data.clock : null);
    expect((await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: exerciseId(), status: "running" })).ok).toBe(
      true,
    );
  });
});
