import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as desk from "../../app/api/exercises/[id]/assessments/route";
import * as person from "../../app/api/exercises/[id]/assessments/[userId]/route";
import * as evidence from "../../app/api/exercises/[id]/assessments/[userId]/evidence/route";
import * as release from "../../app/api/exercises/[id]/assessments/release/route";
import * as settings from "../../app/api/exercises/[id]/assessments/settings/route";
import * as grades from "../../app/api/exercises/[id]/grades/route";
import * as personalExport from "../../app/api/me/export/route";
import * as declassify from "../../app/api/exercises/[id]/declassify/route";
import * as objectives from "../../app/api/exercises/[id]/objectives/route";
import { newClientKey } from "../../lib/client/exercise-client";
import { criterionMax, rubricFor } from "../../lib/scenario/rubric";
import type { AssessmentDesk, AssessmentReport } from "../../server/assessment/assessment.service";
import { runningExercise, until } from "../helpers/live";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";

const SECRET = "Codeword Birch: the army can pull back 10 km.";

type Json<T> = { ok: true; data: T } | { ok: false; code: string; message: string; issues?: { path: string; message: string }[] };

describe("assessment per person, with evidence their seat could see", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  let secretSeq = 0;
  let plenarySeq = 0;
  let backchannelId = "";
  const ex = () => live.cast.exerciseId;
  const cookie = (label: string) => live.cast.byLabel(label).cookie!;
  const userOf = (roleKey: string) => live.cast.byLabel(`participant as ${roleKey}`).userId!;
  const call = async <T>(
    handler: (req: Request, ctx: { params: Promise<{ id: string; userId: string }> }) => Promise<Response>,
    label: string,
    params: { userId?: string },
    method = "GET",
    body?: unknown,
  ): Promise<{ status: number; json: Json<T> }> => {
    const init: RequestInit = { method, headers: { cookie: cookie(label), origin: TEST_ORIGIN, "content-type": "application/json" } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await handler(new Request("http://parley.test/x", init), {
      params: Promise.resolve({ id: ex(), userId: params.userId ?? "" }),
    });
    return { status: res.status, json: (await res.json()) as Json<T> };
  };
  const criteriaOf = (roleKey: string) => rubricFor(live.cast.scenario, roleKey);

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
    const host = live.participants.get("host-nation")!;
    const request = await host.socket.emitWithAck("backchannel:request", {
      exerciseId: ex(),
      roles: ["un-mediator"],
      clientKey: newClientKey(),
    });
    if (!request.ok) throw new Error(request.message);
    backchannelId = request.data.channelId;
    await live.participants
      .get("un-mediator")!
      .socket.emitWithAck("backchannel:respond", { exerciseId: ex(), channelId: backchannelId, accept: true, clientKey: newClientKey() });
    const secret = await host.client.send(backchannelId, SECRET);
    const plenary = await host.client.send(live.channel("plenary", "host-nation").id, "On the record: we are ready.");
    if (!secret.ok || !plenary.ok) throw new Error("could not send");
    secretSeq = secret.data.seq;
    plenarySeq = plenary.data.seq;
  });
  afterAll(async () => server.close());

  it("every built-in role used here has a rubric to assess against", () => {
    for (const role of live.roles) expect(criteriaOf(role).length).toBeGreaterThan(0);
  });

  it("refuses to release while the exercise runs, and hides the unopened backchannel from the facilitator's desk", async () => {
    const started = await call(person.PUT, "facilitator", { userId: userOf("host-nation") }, "PUT", { feedback: "Early note." });
    expect(started.status).toBe(200);
    const refused = await call(release.POST, "facilitator", {}, "POST", {});
    expect(refused.status).toBe(409);
    const running = await call<AssessmentDesk>(desk.GET, "facilitator", {});
    if (!running.json.ok) throw new Error(running.json.message);
    expect(JSON.stringify(running.json.data)).not.toContain("Codeword Birch");
    // Pinning an event the facilitator has not opened is refused like any unseen event.
    const pin = await call(evidence.POST, "facilitator", { userId: userOf("host-nation") }, "POST", {
      criterion: "",
      seq: secretSeq,
      note: "",
    });
    expect(pin.status).toBe(400);
  });

  it("lists every person who played a role with their contributions once the exercise has ended (an audited full view)", async () => {
    await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: ex(), status: "ended" });
    const host = live.participants.get("host-nation")!;
    await until(host, () => host.events.some((e) => e.type === "exercise.status" && e.payload.to === "ended"));
    const res = await call<AssessmentDesk>(desk.GET, "facilitator", {});
    if (!res.json.ok) throw new Error(res.json.message);
    const people = res.json.data.people;
    expect(people.map((p) => p.person.roleKey).sort()).toEqual([...live.roles].sort());
    const hostRow = people.find((p) => p.person.userId === userOf("host-nation"))!;
    expect(hostRow.activity.messages).toBe(2);
    expect(hostRow.contributions.map((e) => e.seq)).toEqual(expect.arrayContaining([secretSeq, plenarySeq]));
    expect(hostRow.feedback).toBe("Early note.");
    expect(await server.db.prisma.auditEntry.count({ where: { exerciseId: ex(), action: "assessment.full-view" } })).toBe(1);
    expect((await call(desk.GET, "participant as host-nation", {})).status).toBe(403);
  });

  it("takes only levels of the person's rubric as scores; a bad score changes nothing", async () => {
    const [first] = criteriaOf("host-nation");
    const bad = await call(person.PUT, "facilitator", { userId: userOf("host-nation") }, "PUT", { scores: { [first!.key]: 99.5 } });
    expect(bad.status).toBe(400);
    const unknown = await call(person.PUT, "facilitator", { userId: userOf("host-nation") }, "PUT", { scores: { "no-such-criterion": 1 } });
    expect(unknown.status).toBe(400);
    expect(
      (await server.db.prisma.assessment.findFirstOrThrow({ where: { exerciseId: ex(), userId: userOf("host-nation") } })).scores,
    ).toBe("{}");
    const scores = Object.fromEntries(criteriaOf("host-nation").map((c) => [c.key, criterionMax(c)]));
    const saved = await call<AssessmentReport>(person.PUT, "facilitator", { userId: userOf("host-nation") }, "PUT", {
      scores,
      feedback: "Firm, and you used the backchannel well.",
    });
    if (!saved.json.ok) throw new Error(saved.json.message);
    expect(saved.json.data.total.given).toBe(saved.json.data.total.max);
    expect(saved.json.data.total.missing).toEqual([]);
    expect(
      (await call(person.PUT, "participant as host-nation", { userId: userOf("host-nation") }, "PUT", { feedback: "I was great" })).status,
    ).toBe(403);
  });

  it("pins evidence only from what the person's seat could see", async () => {
    const [first] = criteriaOf("host-nation");
    const ok = await call<AssessmentReport>(evidence.POST, "facilitator", { userId: userOf("host-nation") }, "POST", {
      criterion: first!.key,
      seq: secretSeq,
      note: "The offer.",
    });
    if (!ok.json.ok) throw new Error(ok.json.message);
    expect(ok.json.data.evidence.map((e) => e.seq)).toEqual([secretSeq]);
    const regional = await call(evidence.POST, "facilitator", { userId: userOf("regional-body") }, "POST", {
      criterion: "",
      seq: secretSeq,
      note: "",
    });
    expect(regional.status).toBe(400);
    expect(JSON.stringify(regional.json)).toContain("could see");
    const wrongCriterion = await call(evidence.POST, "facilitator", { userId: userOf("host-nation") }, "POST", {
      criterion: "nope",
      seq: plenarySeq,
      note: "",
    });
    expect(wrongCriterion.status).toBe(400);
    const unpinned = await call<AssessmentReport>(evidence.DELETE, "facilitator", { userId: userOf("host-nation") }, "DELETE", {
      criterion: first!.key,
      seq: secretSeq,
    });
    if (!unpinned.json.ok) throw new Error(unpinned.json.message);
    expect(unpinned.json.data.evidence).toEqual([]);
    await call(evidence.POST, "facilitator", { userId: userOf("host-nation") }, "POST", {
      criterion: first!.key,
      seq: secretSeq,
      note: "The offer.",
    });
  });

  it("keeps drafts from participants and shows each their own assessment once released", async () => {
    const mine = (roleKey: string) =>
      call<AssessmentReport | { status: "pending" }>(person.GET, `participant as ${roleKey}`, { userId: userOf(roleKey) });
    expect((await mine("host-nation")).json).toEqual({ ok: true, data: { status: "pending" } });
    expect((await call(person.GET, "participant as regional-body", { userId: userOf("host-nation") })).status).toBe(403);

    await call(person.PUT, "facilitator", { userId: userOf("regional-body") }, "PUT", { feedback: "Quiet but precise." });
    const objective = live.cast.scenario.roles.find((r) => r.key === "host-nation")!.objectives[0]!;
    await call(objectives.POST, "facilitator", {}, "POST", { roleKey: "host-nation", objectiveId: objective.id, met: true });
    const released = await call<{ released: number }>(release.POST, "facilitator", {}, "POST", {});
    expect(released.json).toEqual({ ok: true, data: { released: 2 } });
    expect(await server.db.prisma.auditEntry.count({ where: { exerciseId: ex(), action: "assessment.released" } })).toBe(1);

    const host = (await mine("host-nation")).json;
    if (!host.ok || !("criteria" in host.data)) throw new Error("no report");
    expect(host.data.status).toBe("released");
    expect(host.data.feedback).toBe("Firm, and you used the backchannel well.");
    expect(host.data.evidence.map((e) => e.event.seq)).toEqual([secretSeq]);
    expect(host.data.objectives.find((o) => o.id === objective.id)?.met).toBe(true);
    const regional = (await mine("regional-body")).json;
    if (!regional.ok || !("criteria" in regional.data)) throw new Error("no report");
    expect(JSON.stringify(regional.data)).not.toContain("Codeword Birch");
    expect((await mine("un-mediator")).json).toEqual({ ok: true, data: { status: "pending" } });
  });

  it("hides evidence again when its backchannel is reclassified", async () => {
    expect((await call(declassify.POST, "facilitator", {}, "POST", { channelId: backchannelId, declassified: true })).status).toBe(200);
    const pinned = await call(evidence.POST, "facilitator", { userId: userOf("regional-body") }, "POST", {
      criterion: "",
      seq: secretSeq,
      note: "Read it in the debrief.",
    });
    expect(pinned.status).toBe(200);
    const seen = await call<AssessmentReport>(person.GET, "participant as regional-body", { userId: userOf("regional-body") });
    expect(JSON.stringify(seen.json)).toContain("Codeword Birch");
    await call(declassify.POST, "facilitator", {}, "POST", { channelId: backchannelId, declassified: false });
    const hidden = await call<AssessmentReport>(person.GET, "participant as regional-body", { userId: userOf("regional-body") });
    if (!hidden.json.ok) throw new Error(hidden.json.message);
    expect(hidden.json.data.evidence).toEqual([]);
    expect(JSON.stringify(hidden.json)).not.toContain("Codeword Birch");
  });

  it("exports grades as CSV with one row per person, formulas defused, headers in French for a French reader", async () => {
    await call(person.PUT, "facilitator", { userId: userOf("un-mediator") }, "PUT", { feedback: '=HYPERLINK("http://evil")' });
    const res = await grades.GET(
      new Request("http://parley.test/x", { headers: { cookie: `${cookie("facilitator")}; PARLEY_LOCALE=fr` } }),
      { params: Promise.resolve({ id: ex() }) },
    );
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A byte-order mark, so that a spreadsheet reads the accents right.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("Nom,Rôle,")).toBe(true);
    const lines = text.trim().split("\n");
    expect(lines).toHaveLength(1 + live.roles.length);
    expect(text).toContain("'=HYPERLINK");
    const denied = await grades.GET(new Request("http://parley.test/x", { headers: { cookie: cookie("participant as host-nation") } }), {
      params: Promise.resolve({ id: ex() }),
    });
    expect(denied.status).toBe(403);
  });

  it("keeps both of two saves sent at once (no lost update)", async () => {
    const criteria = criteriaOf("intervening-power");
    const results = await Promise.all(
      criteria.map((c) =>
        call(person.PUT, "facilitator", { userId: userOf("intervening-power") }, "PUT", { scores: { [c.key]: criterionMax(c) } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(criteria.map(() => 200));
    const stored = await server.db.prisma.assessment.findFirstOrThrow({ where: { exerciseId: ex(), userId: userOf("intervening-power") } });
    expect(Object.keys(JSON.parse(stored.scores) as object).sort()).toEqual(criteria.map((c) => c.key).sort());
  });

  it("lets observers assess only when the facilitator allows it, from their own view, and never release", async () => {
    const [first] = criteriaOf("regional-body");
    const score = () =>
      call(person.PUT, "observer", { userId: userOf("regional-body") }, "PUT", { scores: { [first!.key]: criterionMax(first!) } });
    expect((await score()).status).toBe(403);
    expect((await call(desk.GET, "observer", {})).status).toBe(403);
    expect((await call(settings.PUT, "observer", {}, "PUT", { observersAssess: true })).status).toBe(403);
    expect((await call(settings.PUT, "facilitator", {}, "PUT", { observersAssess: "yes" })).status).toBe(400);
    expect((await call(settings.PUT, "facilitator", {}, "PUT", { observersAssess: true })).status).toBe(200);
    expect((await score()).status).toBe(200);
    const seen = await call<AssessmentDesk>(desk.GET, "observer", {});
    if (!seen.json.ok) throw new Error(seen.json.message);
    expect(seen.json.data.facilitator).toBe(false);
    // An observer reads the debrief's observer view: the backchannel they never opened stays out.
    expect(JSON.stringify(seen.json.data)).not.toContain("Codeword Birch");
    expect((await call(release.POST, "observer", {}, "POST", {})).status).toBe(403);
    await call(settings.PUT, "facilitator", {}, "PUT", { observersAssess: false });
    expect((await score()).status).toBe(403);
  });

  it("puts released assessments in their person's data export, and not drafts", async () => {
    const exportOf = async (roleKey: string) => {
      const res = await personalExport.GET(
        new Request("http://parley.test/api/me/export", { headers: { cookie: cookie(`participant as ${roleKey}`) } }),
      );
      return ((await res.json()) as { assessments: { feedback: string }[] }).assessments;
    };
    expect((await exportOf("host-nation")).map((a) => a.feedback)).toEqual(["Firm, and you used the backchannel well."]);
    expect(await exportOf("intervening-power")).toEqual([]);
  });
});
