import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PresenceDto, TypingDto } from "../../lib/contract/events";
import { newClientKey } from "../../lib/client/exercise-client";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { connectMember, messages, runningExercise, until } from "../helpers/live";

describe("presence, typing and late joiners", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const p = (role: string) => live.participants.get(role)!;

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
  });
  afterAll(async () => server.close());

  it("shows who is online per role and updates when someone leaves", async () => {
    const watcher = live.facilitator;
    /** The first presence update (from now on) that satisfies `test`. */
    const presenceWhere = (test: (p: PresenceDto) => boolean) =>
      new Promise<PresenceDto>((resolve) => {
        const listener = (p: PresenceDto) => {
          if (!test(p)) return;
          watcher.socket.off("presence:update", listener);
          resolve(p);
        };
        watcher.socket.on("presence:update", listener);
      });
    const dropped = presenceWhere((p) => p.online["host-nation"] === undefined);
    p("host-nation").socket.disconnect();
    const presence = await dropped;
    expect(presence.online["un-mediator"]).toEqual(["participant as un-mediator"]);
    expect(presence.online.staff).toEqual(["facilitator"]);
    const back = presenceWhere((p) => p.online["host-nation"] !== undefined);
    p("host-nation").socket.connect();
    expect((await back).online["host-nation"]).toEqual(["participant as host-nation"]);
  });

  it("shows participants who of the delegations is online, never staff or observers' names", async () => {
    const exerciseId = live.cast.exerciseId;
    const mediator = p("un-mediator");
    const seenByMediator: PresenceDto[] = [];
    const seenByStaff: PresenceDto[] = [];
    mediator.socket.on("presence:update", (x) => seenByMediator.push(x));
    live.facilitator.socket.on("presence:update", (x) => seenByStaff.push(x));
    const observer = await connectMember(server, live.cast, "observer");
    await until(live.facilitator, () => seenByStaff.some((x) => x.online.observers?.includes("observer")));
    await until(mediator, () => seenByMediator.length > 0 && seenByMediator.at(-1)!.online["un-mediator"] !== undefined);
    for (const x of seenByMediator) {
      expect(x.exerciseId).toBe(exerciseId);
      expect(Object.keys(x.online).filter((k) => k === "staff" || k === "observers")).toEqual([]);
      expect(JSON.stringify(x)).not.toContain("facilitator");
      expect(JSON.stringify(x)).not.toContain("observer");
    }
    observer.socket.disconnect();
  });

  it("relays typing to the channel's other members only, without storing it", async () => {
    const hostTeam = live.channel("team", "host-nation");
    const plenary = live.channel("plenary", "host-nation");
    const seenByMediator: TypingDto[] = [];
    p("un-mediator").socket.on("typing:update", (t) => seenByMediator.push(t));
    const facilitatorSees = new Promise<TypingDto>((resolve) => live.facilitator.socket.once("typing:update", resolve));
    p("host-nation").socket.emit("typing:set", { exerciseId: live.cast.exerciseId, channelId: hostTeam.id, typing: true });
    expect(await facilitatorSees).toMatchObject({ channelId: hostTeam.id, roleKey: "host-nation", typing: true });
    const mediatorSees = new Promise<TypingDto>((resolve) => p("un-mediator").socket.once("typing:update", resolve));
    p("host-nation").socket.emit("typing:set", { exerciseId: live.cast.exerciseId, channelId: plenary.id, typing: true });
    expect(await mediatorSees).toMatchObject({ channelId: plenary.id });
    expect(seenByMediator.some((t) => t.channelId === hostTeam.id)).toBe(false);
    const before = await server.db.prisma.exerciseEvent.count({
      where: { exerciseId: live.cast.exerciseId, type: { contains: "typing" } },
    });
    expect(before).toBe(0);
  });

  it("shows a role that accepts late only what was said after it joined", async () => {
    const host = p("host-nation");
    const mediator = p("un-mediator");
    const regional = p("regional-body");
    const request = await host.socket.emitWithAck("backchannel:request", {
      exerciseId: live.cast.exerciseId,
      roles: ["un-mediator", "regional-body"],
      clientKey: newClientKey(),
    });
    if (!request.ok) throw new Error(request.message);
    const channelId = request.data.channelId;
    await until(mediator, () => mediator.channels.some((c) => c.id === channelId));
    await mediator.socket.emitWithAck("backchannel:respond", {
      exerciseId: live.cast.exerciseId,
      channelId,
      accept: true,
      clientKey: newClientKey(),
    });
    await host.client.send(channelId, "before the regional body arrived");
    await until(mediator, () => messages(mediator, channelId).length === 1);
    await regional.socket.emitWithAck("backchannel:respond", {
      exerciseId: live.cast.exerciseId,
      channelId,
      accept: true,
      clientKey: newClientKey(),
    });
    await host.client.send(channelId, "after the regional body arrived");
    await until(regional, () => messages(regional, channelId).length === 1);
    expect(messages(regional, channelId).map((e) => (e.payload as { body: string }).body)).toEqual(["after the regional body arrived"]);

    // A fresh connection catching up from zero sees the same: nothing from before.
    const fresh = await connectMember(server, live.cast, "participant as regional-body");
    expect(messages(fresh, channelId).map((e) => (e.payload as { body: string }).body)).toEqual(["after the regional body arrived"]);
  });
});
