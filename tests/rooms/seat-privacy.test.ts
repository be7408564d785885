// The three ways privacy broke at the edges, each reproduced with real sockets: a moved
// participant kept the old role's feed, the facilitator read backchannels through the
// debrief unaudited, and an observer kept an opened backchannel after the permission
// was turned off. Each test fails on the code before the visibility module.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as transcript from "../../app/api/exercises/[id]/transcript/route";
import * as replay from "../../app/api/exercises/[id]/replay/route";
import * as oversightRoute from "../../app/api/exercises/[id]/oversight/route";
import { ExerciseClient } from "../../lib/client/exercise-client";
import type { ChannelDto, EventDto, JoinedExercise } from "../../lib/contract/events";
import type { ReplayData } from "../../server/debrief/replay.service";
import { connected, startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { connectMember, openBackchannel, runningExercise, until, type LiveMember } from "../helpers/live";
import { waitUntil } from "../helpers/wait";

/** Everything pushed to a socket, with the channel lists it was sent. */
function record(member: LiveMember) {
  const pushed: EventDto[] = [];
  const lists: ChannelDto[][] = [];
  member.socket.on("exercise:event", (e) => pushed.push(e));
  member.socket.on("exercise:channels", (u) => lists.push(u.channels));
  return { pushed, lists };
}

describe("privacy when seats change", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
  });
  afterAll(async () => server.close());

  it("stops a participant moved to another role from receiving the old role's private traffic, on the open socket", async () => {
    const live = await runningExercise(server, 1);
    const exerciseId = live.cast.exerciseId;
    // A second person on the host nation's delegation.
    const user = await server.context.services.users.create({ displayName: "Second host", systemRole: "participant", exerciseId });
    await server.context.services.assignments.assign(exerciseId, user.id, "participant", "host-nation");
    const socket = server.client({ cookie: await server.cookieFor({ ...user, exerciseId }) });
    await connected(socket);
    const joins: JoinedExercise[] = [];
    const events: EventDto[] = [];
    new ExerciseClient(socket, exerciseId, {
      onEvent: (e) => events.push(e),
      onJoined: (j) => joins.push(j),
      onReset: () => (events.length = 0),
    });
    await waitUntil("the second host joined", () => joins.length === 1);
    const pushed: EventDto[] = [];
    const lists: ChannelDto[][] = [];
    socket.on("exercise:event", (e) => pushed.push(e));
    socket.on("exercise:channels", (u) => lists.push(u.channels));

    const hostTeam = live.channel("team", "host-nation").id;
    const host = live.participants.get("host-nation")!;
    await host.client.send(hostTeam, "before the move");
    await waitUntil("the second host hears the team", () =>
      events.some((e) => e.type === "message.sent" && e.payload.body === "before the move"),
    );

    const moved = await live.facilitator.socket.emitWithAck("roster:assign", { exerciseId, userId: user.id, roleKey: "regional-body" });
    expect(moved).toMatchObject({ ok: true, data: { roleKey: "regional-body" } });
    await waitUntil("the moved socket re-joined as regional-body", () => joins.at(-1)?.roleKey === "regional-body");
    const fromHere = pushed.length;
    const listsFromHere = lists.length;

    // The host nation keeps talking privately: its team, a new backchannel, an announcement to it.
    await host.client.send(hostTeam, "after the move: team only");
    const backchannel = await openBackchannel(live, "host-nation", "intervening-power");
    await host.client.send(backchannel, "after the move: backchannel");
    await live.facilitator.socket.emitWithAck("announcement:send", { exerciseId, body: "to the host nation only", roles: ["host-nation"] });
    await live.facilitator.socket.emitWithAck("inject:release", {
      exerciseId,
      title: "For the host",
      text: "a targeted inject",
      audience: ["host-nation"],
    });
    const marker = await host.client.send(live.channel("plenary", "host-nation").id, "plenary marker");
    await waitUntil("the marker reached the moved socket", () => pushed.some((e) => marker.ok && e.seq === marker.data.seq));

    const after = pushed.slice(fromHere);
    expect(after.filter((e) => e.channelId === hostTeam || e.channelId === backchannel)).toEqual([]);
    expect(
      after.filter((e) => e.type === "announcement.sent" || e.type === "inject.released" || e.type.startsWith("backchannel.")),
    ).toEqual([]);
    for (const list of lists.slice(listsFromHere)) expect(list.map((c) => c.id)).not.toContain(backchannel);
    // The catch-up after the move shows the new role's view, and the old team is not in it.
    expect(joins.at(-1)!.channels.map((c) => c.id)).not.toContain(hostTeam);
    expect(events.filter((e) => e.channelId === hostTeam)).toEqual([]);
    // Its new team reaches it.
    const regionalTeam = live.channel("team", "regional-body").id;
    const hello = await live.participants.get("regional-body")!.client.send(regionalTeam, "welcome aboard");
    await waitUntil("the new team reached the moved socket", () => pushed.some((e) => hello.ok && e.seq === hello.data.seq));
  });

  it("keeps unopened backchannels out of the facilitator's debrief while the exercise runs, and audits the full view after the end", async () => {
    const live = await runningExercise(server, 1);
    const exerciseId = live.cast.exerciseId;
    const backchannel = await openBackchannel(live, "host-nation", "un-mediator");
    const other = await openBackchannel(live, "regional-body", "intervening-power");
    await live.participants.get("host-nation")!.client.send(backchannel, "Codeword Birch");
    await live.participants.get("regional-body")!.client.send(other, "Codeword Larch");
    const cookie = live.cast.byLabel("facilitator").cookie!;
    const get = (handler: typeof replay.GET, query = "") =>
      handler(new Request(`http://parley.test/x${query}`, { headers: { cookie } }), { params: Promise.resolve({ id: exerciseId }) });
    const bodies = async (query = "") =>
      JSON.stringify(((await (await get(replay.GET, query)).json()) as { data: ReplayData }).data.events);
    const audits = (action: string) => server.db.prisma.auditEntry.count({ where: { exerciseId, action } });

    expect(await bodies()).not.toContain("Codeword");
    expect(await bodies("?as=host-nation")).not.toContain("Codeword Birch");
    expect(await (await get(transcript.GET)).text()).not.toContain("Codeword");
    expect(await (await get(transcript.GET, "?format=json")).text()).not.toContain("Codeword");
    expect(await audits("debrief.full-view")).toBe(0);

    // Opening one in the console (audited) lets it into the debrief; the other stays out.
    expect((await live.facilitator.socket.emitWithAck("oversight:open", { exerciseId, channelId: backchannel })).ok).toBe(true);
    expect(await audits("backchannel.read")).toBe(1);
    expect(await bodies()).toContain("Codeword Birch");
    expect(await bodies()).not.toContain("Codeword Larch");
    // The replay marks the one still unopened; opening it from the debrief is audited the same way.
    const channels = ((await (await get(replay.GET)).json()) as { data: ReplayData }).data.channels;
    expect(channels.filter((c) => c.sealed).map((c) => c.id)).toEqual([other]);
    const open = await oversightRoute.POST(
      new Request("http://parley.test/x", {
        method: "POST",
        headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({ channelId: other }),
      }),
      { params: Promise.resolve({ id: exerciseId }) },
    );
    expect(open.status).toBe(200);
    expect(await audits("backchannel.read")).toBe(2);
    expect(await bodies()).toContain("Codeword Larch");

    await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId, status: "ended" });
    expect(await bodies()).toContain("Codeword Larch");
    expect(await audits("debrief.full-view")).toBe(1);
    const entry = await server.db.prisma.auditEntry.findFirst({ where: { exerciseId, action: "debrief.full-view" } });
    expect(entry).toMatchObject({ actorUserId: live.cast.byLabel("facilitator").userId });
    expect(await (await get(transcript.GET)).text()).toContain("Codeword Larch");
    expect(await audits("debrief.full-view")).toBe(2);
  });

  it("re-admits a removed participant to the role they had, even when their join and their role were recorded in the same millisecond", async () => {
    const live = await runningExercise(server, 1);
    const exerciseId = live.cast.exerciseId;
    const person = live.cast.byLabel("participant as regional-body");
    const rows = await server.db.prisma.roleAssignment.findMany({
      where: { exerciseId, userId: person.userId! },
      orderBy: { assignedAt: "asc" },
    });
    expect(rows.map((r) => r.roleKey)).toEqual([null, "regional-body"]);
    await server.db.prisma.roleAssignment.update({ where: { id: rows[0]!.id }, data: { assignedAt: rows[1]!.assignedAt } });
    expect((await live.facilitator.socket.emitWithAck("roster:remove", { exerciseId, userId: person.userId! })).ok).toBe(true);
    expect((await live.facilitator.socket.emitWithAck("roster:readmit", { exerciseId, userId: person.userId! })).ok).toBe(true);
    const back = await connectMember(server, live.cast, "participant as regional-body");
    expect(back.joined?.roleKey).toBe("regional-body");
  });

  it("ends an observer's open view of a backchannel when the facilitator stops allowing it", async () => {
    const live = await runningExercise(server, 1);
    const exerciseId = live.cast.exerciseId;
    const backchannel = await openBackchannel(live, "host-nation", "un-mediator");
    const host = live.participants.get("host-nation")!;
    const observer = await connectMember(server, live.cast, "observer");
    const seen = record(observer);
    expect((await live.facilitator.socket.emitWithAck("exercise:settings", { exerciseId, observersSeeBackchannels: true })).ok).toBe(true);
    const opened = await observer.socket.emitWithAck("oversight:open", { exerciseId, channelId: backchannel });
    expect(opened.ok).toBe(true);
    await until(observer, () => seen.lists.some((list) => list.some((c) => c.id === backchannel)));
    const rejoined = await observer.socket.emitWithAck("exercise:join", { exerciseId, afterSeq: 0 });
    expect(rejoined.ok && rejoined.data.opened).toEqual([backchannel]);
    const first = await host.client.send(backchannel, "while observers may read");
    await until(observer, () => seen.pushed.some((e) => first.ok && e.seq === first.data.seq));

    expect((await live.facilitator.socket.emitWithAck("exercise:settings", { exerciseId, observersSeeBackchannels: false })).ok).toBe(true);
    await host.client.send(backchannel, "after the permission ended");
    const marker = await host.client.send(live.channel("plenary", "host-nation").id, "plenary marker");
    await until(observer, () => seen.pushed.some((e) => marker.ok && e.seq === marker.data.seq));
    expect(seen.pushed.filter((e) => e.channelId === backchannel).map((e) => e.type === "message.sent" && e.payload.body)).toEqual([
      "while observers may read",
    ]);
    expect(await observer.socket.emitWithAck("oversight:history", { exerciseId, channelId: backchannel, afterSeq: 0 })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    // A fresh catch-up does not bring it back either, and the list no longer offers it.
    const again = await observer.socket.emitWithAck("exercise:join", { exerciseId, afterSeq: 0 });
    expect(again.ok && again.data.events.filter((e) => e.channelId === backchannel)).toEqual([]);
    expect(again.ok && again.data.opened).toEqual([]);
    expect(again.ok && again.data.channels.map((c) => c.id)).not.toContain(backchannel);
    expect(seen.lists.at(-1)?.map((c) => c.id)).not.toContain(backchannel);
  });
});
