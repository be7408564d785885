import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as exercise from "../../app/api/exercises/[id]/route";
import { newClientKey } from "../../lib/client/exercise-client";
import { agreementsFrom } from "../../lib/agreements/agreement-state";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { runningExercise, until, type LiveMember } from "../helpers/live";

const DRAFTING = 2; // collapsing-ceasefire: opening, proximity, drafting, deadline

describe("agreements", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const p = (role: string) => live.participants.get(role)!;
  const ex = () => live.cast.exerciseId;
  let backchannelId = "";
  let agreementId = "";

  const propose = (m: LiveMember, baseVersion: number, change: object, reason?: string) =>
    m.socket.emitWithAck("agreement:propose", {
      exerciseId: ex(),
      agreementId,
      baseVersion,
      change: change as never,
      ...(reason ? { reason } : {}),
      clientKey: newClientKey(),
    });

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, DRAFTING);
    // The host nation and the mediator draft privately in a backchannel.
    const request = await p("host-nation").socket.emitWithAck("backchannel:request", {
      exerciseId: ex(),
      roles: ["un-mediator"],
      clientKey: newClientKey(),
    });
    if (!request.ok) throw new Error(request.message);
    backchannelId = request.data.channelId;
    await p("un-mediator").socket.emitWithAck("backchannel:respond", {
      exerciseId: ex(),
      channelId: backchannelId,
      accept: true,
      clientKey: newClientKey(),
    });
    const created = await p("host-nation").socket.emitWithAck("agreement:create", {
      exerciseId: ex(),
      channelId: backchannelId,
      fromTemplate: true,
      clientKey: newClientKey(),
    });
    if (!created.ok) throw new Error(created.message);
    agreementId = created.data.agreementId;
  });
  afterAll(async () => server.close());

  it("starts a draft from the scenario's template, visible to the backchannel's members", async () => {
    const mediator = p("un-mediator");
    await until(mediator, () => agreementsFrom(mediator.events).has(agreementId));
    const draft = agreementsFrom(mediator.events).get(agreementId)!;
    expect(draft).toMatchObject({ status: "draft", version: 1, channelId: backchannelId });
    expect(draft.clauses.map((c) => c.key)).toEqual(live.cast.scenario.agreement.clauses.map((c) => c.key));
  });

  it("lets one of two concurrent edits win and refuses the other with a conflict, losing nothing", async () => {
    const first = live.cast.scenario.agreement.clauses[0]!;
    const [a, b] = await Promise.all([
      propose(p("host-nation"), 1, { kind: "amend", clauseKey: first.key, text: "HOST: hostilities cease at 00:00 on day one." }),
      propose(p("un-mediator"), 1, {
        kind: "amend",
        clauseKey: first.key,
        text: "MEDIATOR: hostilities cease within 48 hours of signature.",
      }),
    ]);
    const results = [a, b];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok)!;
    expect(loser).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("Your text is kept") });
    const versions = await server.db.prisma.agreementVersion.findMany({ where: { agreementId }, orderBy: { number: "asc" } });
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    // The loser re-applies on the current version; both texts are now in the history.
    const loserRole = a.ok ? "un-mediator" : "host-nation";
    const again = await propose(p(loserRole), 2, {
      kind: "amend",
      clauseKey: first.key,
      text: `${loserRole} re-applied after the conflict.`,
    });
    expect(again).toMatchObject({ ok: true, data: { version: 3 } });
    const texts = (await server.db.prisma.agreementVersion.findMany({ where: { agreementId }, orderBy: { number: "asc" } })).map(
      (v) => v.clauses,
    );
    expect(texts.some((t) => t.includes("HOST: hostilities") || t.includes("MEDIATOR: hostilities"))).toBe(true);
    expect(texts.at(-1)).toContain("re-applied after the conflict");
  });

  it("never lets a backchannel draft reach a non-member, by socket or route", async () => {
    await propose(p("host-nation"), 3, { kind: "add", title: "Secret annex", text: "Codeword Larch: amnesty for the Drenak unit." });
    const mediator = p("un-mediator");
    await until(mediator, () => JSON.stringify(mediator.events).includes("Codeword Larch"));
    const marker = await p("host-nation").client.send(live.channel("plenary", "host-nation").id, "plenary marker after the annex");
    for (const role of live.roles.filter((r) => r !== "host-nation" && r !== "un-mediator")) {
      const other = p(role);
      await until(other, () => marker.ok && other.events.some((e) => e.seq === marker.data.seq));
      expect(JSON.stringify(other.events)).not.toContain("Codeword Larch");
      expect(agreementsFrom(other.events).has(agreementId)).toBe(false);
      const res = await exercise.GET(
        new Request("http://parley.test/api", { headers: { cookie: live.cast.byLabel(`participant as ${role}`).cookie! } }),
        { params: Promise.resolve({ id: ex() }) },
      );
      expect(await res.text()).not.toContain("Codeword Larch");
      // Asking for it by id changes nothing: for a non-member it does not exist.
      expect(await other.socket.emitWithAck("agreement:sign", { exerciseId: ex(), agreementId, version: 4 })).toMatchObject({
        ok: false,
        code: "not_found",
      });
    }
  });

  it("tables the draft in plenary: everyone sees the current text, not the private history", async () => {
    const tabled = await p("host-nation").socket.emitWithAck("agreement:table", { exerciseId: ex(), agreementId });
    expect(tabled).toMatchObject({ ok: true, data: { version: 4 } });
    const regional = p("regional-body");
    await until(regional, () => agreementsFrom(regional.events).get(agreementId)?.status === "tabled");
    const seen = agreementsFrom(regional.events).get(agreementId)!;
    expect(seen.versions.map((v) => v.number)).toEqual([4]);
    // Version 2's text was replaced in private before tabling: it never reaches plenary.
    expect(JSON.stringify(regional.events)).not.toMatch(/(HOST|MEDIATOR): hostilities/);
  });

  it("lets only permitted roles amend, decide and sign", async () => {
    // The humanitarian agency in this scenario may propose but not sign.
    const amend = await propose(
      p("regional-body"),
      4,
      { kind: "add", title: "Monitors", text: "The CNS mission verifies the ceasefire." },
      "Verification",
    );
    expect(amend).toMatchObject({ ok: true, data: { amendmentId: expect.any(String) } });
    const amendmentId = amend.ok ? amend.data.amendmentId! : "";
    expect(
      await p("regional-body").socket.emitWithAck("agreement:decide", { exerciseId: ex(), agreementId, amendmentId, accept: true }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    expect(
      await p("humanitarian-agency").socket.emitWithAck("agreement:sign", { exerciseId: ex(), agreementId, version: 4 }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    const decided = await p("host-nation").socket.emitWithAck("agreement:decide", {
      exerciseId: ex(),
      agreementId,
      amendmentId,
      accept: true,
    });
    expect(decided).toMatchObject({ ok: true, data: { version: 5 } });
  });

  it("keeps signatures to the version signed: a later change leaves them behind", async () => {
    const signatories = live.cast.scenario.agreement.signatories;
    const [firstSigner, ...others] = signatories;
    expect((await p(firstSigner!).socket.emitWithAck("agreement:sign", { exerciseId: ex(), agreementId, version: 5 })).ok).toBe(true);
    // A new version: the signature on version 5 no longer applies.
    const changed = await propose(p("host-nation"), 5, {
      kind: "amend",
      clauseKey: live.cast.scenario.agreement.clauses[1]!.key,
      text: "Heavy weapons withdraw 20 km.",
    });
    expect(changed).toMatchObject({ ok: true, data: { version: 6 } });
    expect(await p(others[0]!).socket.emitWithAck("agreement:sign", { exerciseId: ex(), agreementId, version: 5 })).toMatchObject({
      ok: false,
      code: "conflict",
    });
    for (const role of others)
      expect((await p(role).socket.emitWithAck("agreement:sign", { exerciseId: ex(), agreementId, version: 6 })).ok).toBe(true);
    let row = await server.db.prisma.agreement.findUniqueOrThrow({ where: { id: agreementId } });
    expect(row.status).toBe("tabled"); // the first signer has signed only version 5
    const last = await p(firstSigner!).socket.emitWithAck("agreement:sign", { exerciseId: ex(), agreementId, version: 6 });
    expect(last).toMatchObject({ ok: true, data: { signed: true } });
    row = await server.db.prisma.agreement.findUniqueOrThrow({ where: { id: agreementId } });
    expect(row.status).toBe("signed");
    const host = p("host-nation");
    await until(host, () => agreementsFrom(host.events).get(agreementId)?.status === "signed");
    const view = agreementsFrom(host.events).get(agreementId)!;
    expect(view.signatures.filter((s) => s.version === 5).map((s) => s.roleKey)).toEqual([firstSigner]);
  });
});
