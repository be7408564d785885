import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_MESSAGE_LENGTH } from "../../lib/contract/events";
import type { Result } from "../../lib/contract/result";
import { newClientKey } from "../../lib/client/exercise-client";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { connectMember, messages, runningExercise, until } from "../helpers/live";
import { storedMessages } from "../helpers/stored-messages";

describe("live rooms", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const p = (role: string) => {
    const m = live.participants.get(role);
    if (!m) throw new Error(role);
    return m;
  };

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
  });
  afterAll(async () => server.close());

  it("persists a plenary message before acking it and delivers it to every role and the facilitator", async () => {
    const plenary = live.channel("plenary", "host-nation");
    const result = await p("host-nation").client.send(plenary.id, "The government is ready to talk.");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const stored = (await storedMessages(server.db.prisma, { exerciseId: live.cast.exerciseId })).find((m) => m.seq === result.data.seq);
    expect(stored?.body).toBe("The government is ready to talk.");
    for (const member of [...live.participants.values(), live.facilitator]) {
      await until(member, () => messages(member, plenary.id).some((e) => e.seq === result.data.seq));
      expect(messages(member, plenary.id).filter((e) => e.seq === result.data.seq)).toHaveLength(1);
    }
  });

  it("records a retried message once and delivers it once", async () => {
    const plenary = live.channel("plenary", "un-mediator");
    const mediator = p("un-mediator");
    const key = newClientKey();
    const first = await mediator.socket.emitWithAck("message:send", {
      exerciseId: live.cast.exerciseId,
      channelId: plenary.id,
      body: "Retry me",
      clientKey: key,
    });
    const again = await mediator.socket.emitWithAck("message:send", {
      exerciseId: live.cast.exerciseId,
      channelId: plenary.id,
      body: "Retry me",
      clientKey: key,
    });
    expect(first.ok && again.ok && first.data.seq === again.data.seq).toBe(true);
    const host = p("host-nation");
    await until(host, () => messages(host).some((e) => (e.payload as { body: string }).body === "Retry me"));
    await p("host-nation").client.send(plenary.id, "after the retry");
    await until(host, () => messages(host).some((e) => (e.payload as { body: string }).body === "after the retry"));
    expect(messages(host).filter((e) => (e.payload as { body: string }).body === "Retry me")).toHaveLength(1);
  });

  it("refuses an over-long message with message_too_long and stores nothing", async () => {
    const before = await server.db.prisma.exerciseEvent.count();
    const result = await p("host-nation").client.send(live.channel("plenary", "host-nation").id, "x".repeat(MAX_MESSAGE_LENGTH + 1));
    expect(result).toMatchObject({ ok: false, code: "message_too_long" });
    expect(await server.db.prisma.exerciseEvent.count()).toBe(before);
  });

  it("refuses sending to a channel the role is not in with not_member", async () => {
    const hostTeam = live.channel("team", "host-nation");
    const result = await p("armed-opposition").client.send(hostTeam.id, "Let me into your team room");
    expect(result).toMatchObject({ ok: false, code: "not_member" });
  });

  it("refuses a participant posting an announcement, and an unknown channel", async () => {
    expect(await p("host-nation").client.send(live.channel("announcements", "host-nation").id, "hi")).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await p("host-nation").client.send("no-such-channel", "hi")).toMatchObject({ ok: false, code: "not_found" });
  });

  it("keeps a backchannel to its members: the others never receive a word of it", async () => {
    const host = p("host-nation");
    const mediator = p("un-mediator");
    const request = await host.socket.emitWithAck("backchannel:request", {
      exerciseId: live.cast.exerciseId,
      roles: ["un-mediator"],
      clientKey: newClientKey(),
    });
    expect(request.ok).toBe(true);
    if (!request.ok) return;
    const channelId = request.data.channelId;
    await until(mediator, () => mediator.channels.some((c) => c.id === channelId && c.pending.includes("un-mediator")));
    const accepted = await mediator.socket.emitWithAck("backchannel:respond", {
      exerciseId: live.cast.exerciseId,
      channelId,
      accept: true,
      clientKey: newClientKey(),
    });
    expect(accepted.ok).toBe(true);

    const secret = await host.client.send(channelId, "We could accept monitors, off the record.");
    expect(secret.ok).toBe(true);
    await until(mediator, () => messages(mediator, channelId).length === 1);
    // The facilitator reads it by opening the backchannel (audited; see facilitator tests).
    const opened = await live.facilitator.socket.emitWithAck("oversight:open", { exerciseId: live.cast.exerciseId, channelId });
    expect(opened.ok && opened.data.events.filter((e) => e.type === "message.sent")).toHaveLength(1);
    // A later plenary message proves the others have caught up past the secret.
    const marker = await mediator.client.send(live.channel("plenary", "un-mediator").id, "marker after the secret");
    for (const role of live.roles.filter((r) => r !== "host-nation" && r !== "un-mediator")) {
      const other = p(role);
      await until(other, () => other.events.some((e) => marker.ok && e.seq === marker.data.seq));
      expect(other.events.some((e) => e.channelId === channelId)).toBe(false);
      expect(JSON.stringify(other.events)).not.toContain("off the record");
      expect(other.channels.some((c) => c.id === channelId)).toBe(false);
    }
  });

  it("closes a backchannel when too few remain and keeps it in the members' record", async () => {
    const regional = p("regional-body");
    const intervening = p("intervening-power");
    const request = await regional.socket.emitWithAck("backchannel:request", {
      exerciseId: live.cast.exerciseId,
      roles: ["intervening-power"],
      clientKey: newClientKey(),
    });
    if (!request.ok) throw new Error(request.message);
    const channelId = request.data.channelId;
    await until(intervening, () => intervening.channels.some((c) => c.id === channelId));
    await intervening.socket.emitWithAck("backchannel:respond", {
      exerciseId: live.cast.exerciseId,
      channelId,
      accept: true,
      clientKey: newClientKey(),
    });
    await regional.client.send(channelId, "Quietly: what are your strike dates?");
    const left = await intervening.socket.emitWithAck("backchannel:leave", {
      exerciseId: live.cast.exerciseId,
      channelId,
      clientKey: newClientKey(),
    });
    expect(left.ok).toBe(true);
    await until(regional, () => regional.channels.some((c) => c.id === channelId && c.closed));
    expect(await regional.client.send(channelId, "Hello?")).toMatchObject({ ok: false, code: "not_member" });
    expect(messages(regional, channelId)).toHaveLength(1);
  });

  it("lets the mediator convene a backchannel directly, and refuses others", async () => {
    const convened = await p("un-mediator").socket.emitWithAck("backchannel:convene", {
      exerciseId: live.cast.exerciseId,
      roles: ["host-nation", "armed-opposition"],
      clientKey: newClientKey(),
    });
    expect(convened.ok).toBe(true);
    const refused = await p("host-nation").socket.emitWithAck("backchannel:convene", {
      exerciseId: live.cast.exerciseId,
      roles: ["regional-body", "un-mediator"],
      clientKey: newClientKey(),
    });
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("delivers what a client missed while offline exactly once after it reconnects", async () => {
    const opposition = p("armed-opposition");
    const plenary = live.channel("plenary", "armed-opposition");
    const seen = opposition.client.lastSeq;
    opposition.socket.disconnect();
    const sent: Result<{ seq: number; at: string }>[] = [];
    for (let i = 0; i < 5; i++) sent.push(await p("host-nation").client.send(plenary.id, `while you were away ${i}`));
    opposition.socket.connect();
    await until(opposition, () => sent.every((r) => r.ok && opposition.events.some((e) => e.seq === r.data.seq)));
    const missed = opposition.events.filter((e) => e.seq > seen && e.type === "message.sent");
    expect(missed.map((e) => (e.payload as { body: string }).body)).toEqual(sent.map((_, i) => `while you were away ${i}`));
    const seqs = opposition.events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("keeps delivery in sequence order under concurrent senders", async () => {
    const plenary = live.channel("plenary", "host-nation");
    const senders = live.roles.slice(0, 4).map((r) => p(r));
    const results = await Promise.all(
      senders.flatMap((s, i) => Array.from({ length: 10 }, (_, j) => s.client.send(plenary.id, `burst ${i}-${j}`))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const last = Math.max(...results.map((r) => (r.ok ? r.data.seq : 0)));
    for (const member of [...live.participants.values(), live.facilitator]) {
      await until(member, () => member.events.some((e) => e.seq === last));
      const seqs = member.events.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(messages(member).filter((e) => (e.payload as { body: string }).body.startsWith("burst"))).toHaveLength(40);
    }
  });

  it("refuses sends while paused with exercise_not_running, and accepts them after resuming", async () => {
    const set = (status: "paused" | "running") =>
      live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: live.cast.exerciseId, status });
    expect((await set("paused")).ok).toBe(true);
    const plenary = live.channel("plenary", "host-nation");
    expect(await p("host-nation").client.send(plenary.id, "during the pause")).toMatchObject({ ok: false, code: "exercise_not_running" });
    expect((await set("running")).ok).toBe(true);
    expect((await p("host-nation").client.send(plenary.id, "after the pause")).ok).toBe(true);
  });

  it("refuses an exercise event from a socket that has not joined, and a join to another exercise", async () => {
    const stranger = await connectMember(server, live.cast, "participant of another exercise").catch((e: Error) => e);
    expect(stranger).toBeInstanceOf(Error);
    expect(String(stranger)).toContain("forbidden");
  });
});

describe("phase rules and rate limits", () => {
  let server: TestServer;
  afterAll(async () => server.close());

  it("refuses a backchannel in a phase that closes them, and throttles a fast sender", async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000, messagesPer10s: 3 });
    const live = await runningExercise(server, 0); // opening statements: no backchannels
    const host = live.participants.get("host-nation")!;
    const request = await host.socket.emitWithAck("backchannel:request", {
      exerciseId: live.cast.exerciseId,
      roles: ["un-mediator"],
      clientKey: newClientKey(),
    });
    expect(request).toMatchObject({ ok: false, code: "channel_closed" });
    const plenary = live.channel("plenary", "host-nation");
    const results: Result<{ seq: number; at: string }>[] = [];
    for (let i = 0; i < 4; i++) results.push(await host.client.send(plenary.id, `fast ${i}`));
    expect(results.map((r) => (r.ok ? "ok" : r.code))).toEqual(["ok", "ok", "ok", "rate_limited"]);
  });
});
