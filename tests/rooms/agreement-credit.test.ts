// An accepted amendment is its proposer's text: the version it becomes names the proposer
// and their reason, and the role that accepted it; a rejected one keeps both in the history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as replay from "../../app/api/exercises/[id]/replay/route";
import { newClientKey } from "../../lib/client/exercise-client";
import { agreementsFrom } from "../../lib/agreements/agreement-state";
import type { EventDto } from "../../lib/contract/events";
import type { ReplayData } from "../../server/debrief/replay.service";
import { createAgreementRepository } from "../../server/storage/agreement.repository";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { runningExercise, until, type LiveMember } from "../helpers/live";

const DRAFTING = 2; // collapsing-ceasefire: opening, proximity, drafting, deadline

describe("agreement amendments credit their proposer", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const p = (role: string) => live.participants.get(role)!;
  const ex = () => live.cast.exerciseId;
  const userOf = (role: string) => live.cast.byLabel(`participant as ${role}`).userId!;
  let agreementId = "";
  let acceptedId = "";
  let rejectedId = "";

  const propose = async (m: LiveMember, baseVersion: number, change: object, reason: string) => {
    const result = await m.socket.emitWithAck("agreement:propose", {
      exerciseId: ex(),
      agreementId,
      baseVersion,
      change: change as never,
      reason,
      clientKey: newClientKey(),
    });
    if (!result.ok || !result.data.amendmentId) throw new Error(`not proposed: ${JSON.stringify(result)}`);
    return result.data.amendmentId;
  };

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, DRAFTING);
    const host = p("host-nation");
    const created = await host.socket.emitWithAck("agreement:create", {
      exerciseId: ex(),
      channelId: live.channel("plenary", "host-nation").id,
      fromTemplate: true,
      clientKey: newClientKey(),
    });
    if (!created.ok) throw new Error(created.message);
    agreementId = created.data.agreementId;
    const tabled = await host.socket.emitWithAck("agreement:table", { exerciseId: ex(), agreementId });
    if (!tabled.ok) throw new Error(tabled.message);
    const [first, second] = live.cast.scenario.agreement.clauses;
    acceptedId = await propose(
      p("regional-body"),
      1,
      { kind: "amend", clauseKey: first!.key, text: "Hostilities cease at 00:00 on the third day after signature." },
      "Both armies need time to pass the order down",
    );
    rejectedId = await propose(
      p("humanitarian-agency"),
      1,
      { kind: "delete", clauseKey: second!.key },
      "Withdrawal lines are for a later round",
    );
    const accepted = await host.socket.emitWithAck("agreement:decide", {
      exerciseId: ex(),
      agreementId,
      amendmentId: acceptedId,
      accept: true,
    });
    expect(accepted).toMatchObject({ ok: true, data: { version: 2 } });
    const rejected = await host.socket.emitWithAck("agreement:decide", {
      exerciseId: ex(),
      agreementId,
      amendmentId: rejectedId,
      accept: false,
    });
    expect(rejected).toMatchObject({ ok: true });
  });
  afterAll(async () => server.close());

  const versionEvent = (events: readonly EventDto[]) =>
    events.find((e) => e.type === "agreement.version" && e.payload.amendmentId === acceptedId);

  it("records the accepted version as the proposer's, with their reason and the role that accepted it", async () => {
    const reader = p("intervening-power");
    await until(reader, () => versionEvent(reader.events) !== undefined);
    const event = versionEvent(reader.events)!;
    expect(event.actor.roleKey).toBe("host-nation");
    expect(event.payload).toMatchObject({
      version: 2,
      reason: "Both armies need time to pass the order down",
      proposedBy: { roleKey: "regional-body", userId: userOf("regional-body") },
      decidedBy: "host-nation",
    });
    const row = await server.db.prisma.agreementVersion.findUniqueOrThrow({ where: { agreementId_number: { agreementId, number: 2 } } });
    expect(row).toMatchObject({
      roleKey: "regional-body",
      authorUserId: userOf("regional-body"),
      reason: "Both armies need time to pass the order down",
    });
  });

  it("keeps the proposer and reason of a rejected amendment in its decision", async () => {
    const reader = p("intervening-power");
    await until(reader, () => reader.events.some((e) => e.type === "agreement.amendment-decided"));
    const decided = reader.events.find((e) => e.type === "agreement.amendment-decided");
    expect(decided).toMatchObject({
      actor: { roleKey: "host-nation" },
      payload: {
        amendmentId: rejectedId,
        accepted: false,
        proposedBy: { roleKey: "humanitarian-agency", userId: userOf("humanitarian-agency") },
        reason: "Withdrawal lines are for a later round",
      },
    });
  });

  it("shows the room the version credited to its proposer and both decisions in the history", async () => {
    const reader = p("intervening-power");
    await until(
      reader,
      () =>
        agreementsFrom(reader.events)
          .get(agreementId)
          ?.amendments.every((m) => m.status !== "pending") ?? false,
    );
    const view = agreementsFrom(reader.events).get(agreementId)!;
    expect(view.versions.find((v) => v.number === 2)).toMatchObject({
      roleKey: "regional-body",
      userId: userOf("regional-body"),
      reason: "Both armies need time to pass the order down",
      amendmentId: acceptedId,
      decidedBy: "host-nation",
    });
    expect(view.amendments.map((m) => [m.roleKey, m.status, m.reason, m.decidedBy, m.version])).toEqual([
      ["regional-body", "accepted", "Both armies need time to pass the order down", "host-nation", 2],
      ["humanitarian-agency", "rejected", "Withdrawal lines are for a later round", "host-nation", undefined],
    ]);
  });

  it("replays the same credit in the debrief", async () => {
    const cookie = live.cast.byLabel("participant as intervening-power").cookie!;
    const res = await replay.GET(new Request("http://parley.test/x", { headers: { cookie } }), { params: Promise.resolve({ id: ex() }) });
    const data = ((await res.json()) as { data: ReplayData }).data;
    const version = agreementsFrom(data.events)
      .get(agreementId)!
      .versions.find((v) => v.number === 2);
    expect(version).toMatchObject({
      roleKey: "regional-body",
      reason: "Both armies need time to pass the order down",
      decidedBy: "host-nation",
    });
    expect(versionEvent(data.events)?.payload).toMatchObject({ proposedBy: { roleKey: "regional-body" }, decidedBy: "host-nation" });
  });

  it("keeps each amendment's proposer and reason in storage, for a room loaded after a restart", async () => {
    const [stored] = await createAgreementRepository(server.db.prisma).loadAll(ex());
    expect(stored!.amendments.get(acceptedId)).toMatchObject({
      roleKey: "regional-body",
      userId: userOf("regional-body"),
      reason: "Both armies need time to pass the order down",
      status: "accepted",
    });
    expect(stored!.amendments.get(rejectedId)).toMatchObject({
      roleKey: "humanitarian-agency",
      reason: "Withdrawal lines are for a later round",
      status: "rejected",
    });
  });
});
