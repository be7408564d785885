// Clause votes (straw polls): a deciding role calls one on a clause or the whole text, each
// seated delegation in the agreement's channel votes once, and the result reaches that
// channel only. In a secret vote no role's choice leaves the server, by any path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as replay from "../../app/api/exercises/[id]/replay/route";
import { newClientKey } from "../../lib/client/exercise-client";
import { agreementsFrom } from "../../lib/agreements/agreement-state";
import type { EventDto } from "../../lib/contract/events";
import type { ReplayData } from "../../server/debrief/replay.service";
import { createAgreementRepository } from "../../server/storage/agreement.repository";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { openBackchannel, runningExercise, until, type LiveMember } from "../helpers/live";

const DRAFTING = 2; // collapsing-ceasefire: opening, proximity, drafting, deadline
type Live = Awaited<ReturnType<typeof runningExercise>>;

async function replayFor(live: Live, label: string, asRole?: string): Promise<ReplayData> {
  const cookie = live.cast.byLabel(label).cookie!;
  const url = `http://parley.test/x${asRole ? `?as=${asRole}` : ""}`;
  const res = await replay.GET(new Request(url, { headers: { cookie } }), { params: Promise.resolve({ id: live.cast.exerciseId }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: ReplayData }).data;
}

/** A tabled draft of the template in plenary (the host nation tables it, so it decides too). */
async function tabledDraft(live: Live): Promise<string> {
  const host = live.participants.get("host-nation")!;
  const created = await host.socket.emitWithAck("agreement:create", {
    exerciseId: live.cast.exerciseId,
    channelId: live.channel("plenary", "host-nation").id,
    fromTemplate: true,
    clientKey: newClientKey(),
  });
  if (!created.ok) throw new Error(created.message);
  const tabled = await host.socket.emitWithAck("agreement:table", {
    exerciseId: live.cast.exerciseId,
    agreementId: created.data.agreementId,
  });
  if (!tabled.ok) throw new Error(tabled.message);
  return created.data.agreementId;
}

const voteEvents = (events: readonly EventDto[]) => events.filter((e) => e.type.startsWith("agreement.vote-"));

describe("an open clause vote", () => {
  let server: TestServer;
  let live: Live;
  const p = (role: string) => live.participants.get(role)!;
  const ex = () => live.cast.exerciseId;
  let agreementId = "";
  let voteId = "";
  const clauseKey = () => live.cast.scenario.agreement.clauses[0]!.key;
  const cast = (m: LiveMember, choice: string, clientKey = newClientKey()) =>
    m.socket.emitWithAck("agreement:vote", { exerciseId: ex(), agreementId, voteId, choice: choice as "yes", clientKey });

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, DRAFTING);
    agreementId = await tabledDraft(live);
  });
  afterAll(async () => server.close());

  it("refuses a vote called by a role that does not decide the agreement, and logs nothing", async () => {
    const before = await server.db.prisma.exerciseEvent.count({ where: { exerciseId: ex() } });
    const refused = await p("regional-body").socket.emitWithAck("agreement:call-vote", {
      exerciseId: ex(),
      agreementId,
      clauseKey: clauseKey(),
    });
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    const unknown = await p("un-mediator").socket.emitWithAck("agreement:call-vote", {
      exerciseId: ex(),
      agreementId,
      clauseKey: "no-such-clause",
    });
    expect(unknown).toMatchObject({ ok: false, code: "not_found" });
    const byStaff = await live.facilitator.socket.emitWithAck("agreement:call-vote", { exerciseId: ex(), agreementId });
    expect(byStaff).toMatchObject({ ok: false, code: "forbidden" });
    expect(await server.db.prisma.exerciseEvent.count({ where: { exerciseId: ex() } })).toBe(before);
    expect(await server.db.prisma.agreementVote.count()).toBe(0);
  });

  it("lets the mediator call a vote on a clause, with every seated delegation in plenary as its electorate", async () => {
    const key = newClientKey();
    const called = await p("un-mediator").socket.emitWithAck("agreement:call-vote", {
      exerciseId: ex(),
      agreementId,
      clauseKey: clauseKey(),
      clientKey: key,
    });
    expect(called.ok).toBe(true);
    if (!called.ok) return;
    voteId = called.data.voteId;
    // A resend after a lost ack gets the same vote, not a second one.
    const again = await p("un-mediator").socket.emitWithAck("agreement:call-vote", {
      exerciseId: ex(),
      agreementId,
      clauseKey: clauseKey(),
      clientKey: key,
    });
    expect(again).toEqual(called);
    const reader = p("intervening-power");
    await until(reader, () => voteEvents(reader.events).length > 0);
    const opened = voteEvents(reader.events);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      type: "agreement.vote-opened",
      actor: { roleKey: "un-mediator" },
      payload: {
        voteId,
        version: 1,
        clauseKey: clauseKey(),
        clauseTitle: live.cast.scenario.agreement.clauses[0]!.title,
        secret: false,
        electorate: [...live.roles].sort(),
      },
    });
    const second = await p("un-mediator").socket.emitWithAck("agreement:call-vote", { exerciseId: ex(), agreementId });
    expect(second).toMatchObject({ ok: false, code: "conflict" });
  });

  it("takes one ballot per role, names each choice, and refuses bad input without a change", async () => {
    const bad = await cast(p("host-nation"), "maybe");
    expect(bad).toMatchObject({ ok: false, code: "invalid_payload" });
    const key = newClientKey();
    expect(await cast(p("host-nation"), "yes", key)).toEqual({ ok: true, data: { choice: "yes", closed: false } });
    expect(await cast(p("host-nation"), "yes", key)).toEqual({ ok: true, data: { choice: "yes", closed: false } });
    expect(await cast(p("host-nation"), "no")).toMatchObject({ ok: false, code: "conflict" });
    expect(await cast(p("regional-body"), "no")).toMatchObject({ ok: true });
    expect(
      await live.facilitator.socket.emitWithAck("agreement:vote", { exerciseId: ex(), agreementId, voteId, choice: "yes" }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    const reader = p("intervening-power");
    await until(reader, () => voteEvents(reader.events).filter((e) => e.type === "agreement.vote-cast").length === 2);
    const casts = voteEvents(reader.events).filter((e) => e.type === "agreement.vote-cast");
    expect(casts.map((e) => e.type === "agreement.vote-cast" && [e.payload.roleKey, e.payload.choice])).toEqual([
      ["host-nation", "yes"],
      ["regional-body", "no"],
    ]);
    expect(await server.db.prisma.agreementBallot.count({ where: { voteId } })).toBe(2);
  });

  it("is closed by its caller with the count, each choice and who did not vote", async () => {
    expect(await p("regional-body").socket.emitWithAck("agreement:close-vote", { exerciseId: ex(), agreementId, voteId })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await cast(p("un-mediator"), "abstain")).toMatchObject({ ok: true, data: { closed: false } });
    const closed = await p("un-mediator").socket.emitWithAck("agreement:close-vote", { exerciseId: ex(), agreementId, voteId });
    expect(closed).toEqual({ ok: true, data: { tally: { yes: 1, no: 1, abstain: 1 } } });
    expect(await cast(p("intervening-power"), "yes")).toMatchObject({ ok: false, code: "conflict" });
    const reader = p("intervening-power");
    await until(reader, () => agreementsFrom(reader.events).get(agreementId)?.votes[0]?.status === "closed");
    const vote = agreementsFrom(reader.events).get(agreementId)!.votes[0]!;
    const others = live.roles.filter((r) => !["host-nation", "regional-body", "un-mediator"].includes(r)).sort();
    expect(vote).toMatchObject({
      calledBy: "un-mediator",
      tally: { yes: 1, no: 1, abstain: 1 },
      ballots: { "host-nation": "yes", "regional-body": "no", "un-mediator": "abstain" },
      notVoted: others,
    });
    const closeEvent = reader.events.find((e) => e.type === "agreement.vote-closed");
    expect(closeEvent?.payload).toMatchObject({ closedBy: "caller" });
  });

  it("replays the vote and its result in every debrief, and a restarted room knows it is closed", async () => {
    const data = await replayFor(live, "participant as humanitarian-agency");
    expect(agreementsFrom(data.events).get(agreementId)?.votes[0]).toMatchObject({
      status: "closed",
      tally: { yes: 1, no: 1, abstain: 1 },
    });
    const [stored] = await createAgreementRepository(server.db.prisma).loadAll(ex());
    expect(stored!.votes.get(voteId)).toMatchObject({
      status: "closed",
      secret: false,
      calledByRole: "un-mediator",
      ballots: new Map([
        ["host-nation", "yes"],
        ["regional-body", "no"],
        ["un-mediator", "abstain"],
      ]),
    });
  });

  it("keeps a vote on a private draft inside its backchannel, and tabling waits for it to close", async () => {
    const host = p("host-nation");
    const channelId = await openBackchannel(live, "host-nation", "un-mediator");
    const created = await host.socket.emitWithAck("agreement:create", {
      exerciseId: ex(),
      channelId,
      fromTemplate: true,
      clientKey: newClientKey(),
    });
    if (!created.ok) throw new Error(created.message);
    const draft = created.data.agreementId;
    // The draft's author calls it; the whole text this time.
    const called = await host.socket.emitWithAck("agreement:call-vote", { exerciseId: ex(), agreementId: draft });
    if (!called.ok) throw new Error(called.message);
    expect(await host.socket.emitWithAck("agreement:table", { exerciseId: ex(), agreementId: draft })).toMatchObject({
      ok: false,
      code: "conflict",
    });
    const yes = await p("un-mediator").socket.emitWithAck("agreement:vote", {
      exerciseId: ex(),
      agreementId: draft,
      voteId: called.data.voteId,
      choice: "yes",
    });
    expect(yes).toMatchObject({ ok: true, data: { closed: false } });
    const last = await host.socket.emitWithAck("agreement:vote", {
      exerciseId: ex(),
      agreementId: draft,
      voteId: called.data.voteId,
      choice: "yes",
    });
    // Both members voted: the last ballot closed it.
    expect(last).toMatchObject({ ok: true, data: { closed: true } });
    await until(host, () => host.events.some((e) => e.type === "agreement.vote-closed" && e.payload.voteId === called.data.voteId));
    const closed = host.events.find((e) => e.type === "agreement.vote-closed" && e.payload.voteId === called.data.voteId);
    expect(closed?.payload).toMatchObject({ closedBy: "complete", tally: { yes: 2, no: 0, abstain: 0 }, notVoted: [] });
    expect(await host.socket.emitWithAck("agreement:table", { exerciseId: ex(), agreementId: draft })).toMatchObject({ ok: true });
    // Outsiders never saw the draft's vote, live or in their debrief.
    const outsider = p("regional-body");
    await until(outsider, () => outsider.events.some((e) => e.type === "agreement.tabled" && e.payload.agreementId === draft));
    expect(voteEvents(outsider.events).filter((e) => "agreementId" in e.payload && e.payload.agreementId === draft)).toEqual([]);
    const data = await replayFor(live, "participant as regional-body");
    expect(voteEvents(data.events).filter((e) => "agreementId" in e.payload && e.payload.agreementId === draft)).toEqual([]);
  });
});

describe("a secret clause vote", () => {
  let server: TestServer;
  let live: Live;
  const p = (role: string) => live.participants.get(role)!;
  const ex = () => live.cast.exerciseId;
  let agreementId = "";
  let voteId = "";
  const choices: Record<string, "yes" | "no" | "abstain"> = {};

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, DRAFTING, {
      before: async (cast) => {
        const exercise = await server.db.prisma.exercise.findUniqueOrThrow({ where: { id: cast.exerciseId }, include: { scenario: true } });
        const definition = JSON.parse(exercise.scenario.definition) as { agreement: Record<string, unknown> };
        definition.agreement.votes = "secret";
        await server.db.prisma.scenario.update({ where: { id: exercise.scenarioId }, data: { definition: JSON.stringify(definition) } });
      },
    });
    agreementId = await tabledDraft(live);
    const called = await p("un-mediator").socket.emitWithAck("agreement:call-vote", { exerciseId: ex(), agreementId });
    if (!called.ok) throw new Error(called.message);
    voteId = called.data.voteId;
    const options = ["yes", "no", "abstain"] as const;
    for (const [i, role] of live.roles.entries()) {
      const choice = options[i % 3]!;
      choices[role] = choice;
      const result = await p(role).socket.emitWithAck("agreement:vote", { exerciseId: ex(), agreementId, voteId, choice });
      // Each voter's own answer carries its choice, and only theirs.
      expect(result).toMatchObject({ ok: true, data: { choice, closed: i === live.roles.length - 1 } });
    }
  });
  afterAll(async () => server.close());

  const expected = () => {
    const tally = { yes: 0, no: 0, abstain: 0 };
    for (const c of Object.values(choices)) tally[c] += 1;
    return tally;
  };
  /** No vote event anyone received names a choice. */
  const noChoices = (events: readonly EventDto[]) => {
    for (const e of voteEvents(events)) {
      expect(e.payload).not.toHaveProperty("choice");
      expect(e.payload).not.toHaveProperty("ballots");
    }
  };

  it("tells every member who has voted and the count, never a choice, live", async () => {
    for (const m of [...live.participants.values(), live.facilitator]) {
      await until(m, () => m.events.some((e) => e.type === "agreement.vote-closed"));
      noChoices(m.events);
      expect(m.events.filter((e) => e.type === "agreement.vote-cast")).toHaveLength(live.roles.length);
      const closed = m.events.find((e) => e.type === "agreement.vote-closed");
      expect(closed?.payload).toMatchObject({ tally: expected(), notVoted: [], closedBy: "complete" });
    }
  });

  it("names no choice in any debrief, the facilitator's included, nor in a transcript", async () => {
    const views = [
      await replayFor(live, "facilitator"),
      ...(await Promise.all(live.roles.map((r) => replayFor(live, `participant as ${r}`)))),
    ];
    for (const data of views) {
      noChoices(data.events);
      expect(agreementsFrom(data.events).get(agreementId)?.votes[0]).toMatchObject({ secret: true, ballots: {}, tally: expected() });
    }
    const stored = await server.db.prisma.exerciseEvent.findMany({ where: { exerciseId: ex(), type: { startsWith: "agreement.vote-" } } });
    for (const row of stored) expect(row.payload).not.toMatch(/"(choice|ballots)"/);
  });

  it("keeps the ballots in storage only, to count them after a restart", async () => {
    const [stored] = await createAgreementRepository(server.db.prisma).loadAll(ex());
    expect(Object.fromEntries(stored!.votes.get(voteId)!.ballots)).toEqual(choices);
  });
});
