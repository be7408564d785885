// An assessment shows its reader only what the person's seat could see AND the reader may
// read (issue 28): an observer allowed to assess never reads, through a person's assessment,
// a backchannel observers may not read, by any of the paths that answer with one.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as desk from "../../app/api/exercises/[id]/assessments/route";
import * as person from "../../app/api/exercises/[id]/assessments/[userId]/route";
import * as evidence from "../../app/api/exercises/[id]/assessments/[userId]/evidence/route";
import * as release from "../../app/api/exercises/[id]/assessments/release/route";
import * as settings from "../../app/api/exercises/[id]/assessments/settings/route";
import AssessmentPrintPage from "../../app/exercises/[id]/assessment/print/page";
import { rubricFor } from "../../lib/scenario/rubric";
import type { AssessmentDesk, AssessmentReport } from "../../server/assessment/assessment.service";
import { openBackchannel, runningExercise, until } from "../helpers/live";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";

// The print page is a server component: it reads the session from the request's cookies and
// its words from next-intl. Here the cookies are the reader's, the words their keys.
const page = vi.hoisted(() => ({ cookie: "" }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    getAll: () =>
      page.cookie.split("; ").map((pair) => {
        const at = pair.indexOf("=");
        return { name: pair.slice(0, at), value: decodeURIComponent(pair.slice(at + 1)) };
      }),
  }),
}));
vi.mock("next-intl/server", () => ({
  getTranslations: async () => (key: string, values?: Record<string, string | number>) => `${key}${values ? JSON.stringify(values) : ""}`,
  getLocale: async () => "en",
}));

const SECRET = "Codeword Juniper: the corridor opens at dawn.";
const PUBLIC = "For the record: we will attend the talks.";

type Json<T> = { ok: true; data: T } | { ok: false; code: string; message: string };
type Report = AssessmentReport | { status: "pending" };

describe("an assessment shows only what its person could see and its reader may read", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  let secretSeq = 0;
  let publicSeq = 0;
  const ex = () => live.cast.exerciseId;
  const host = () => live.cast.byLabel("participant as host-nation").userId!;
  const criterion = () => rubricFor(live.cast.scenario, "host-nation")[0]!.key;
  const call = async <T>(
    handler: (req: Request, ctx: { params: Promise<{ id: string; userId: string }> }) => Promise<Response>,
    label: string,
    method = "GET",
    body?: unknown,
    userId = host(),
  ): Promise<{ status: number; json: Json<T>; text: string }> => {
    const init: RequestInit = {
      method,
      headers: { cookie: live.cast.byLabel(label).cookie!, origin: TEST_ORIGIN, "content-type": "application/json" },
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await handler(new Request("http://parley.test/x", init), { params: Promise.resolve({ id: ex(), userId }) });
    const text = await res.text();
    return { status: res.status, json: JSON.parse(text) as Json<T>, text };
  };
  const reportOf = (res: { json: Json<Report> }): AssessmentReport => {
    if (!res.json.ok) throw new Error(res.json.message);
    if (!("criteria" in res.json.data)) throw new Error("the assessment is pending");
    return res.json.data;
  };
  const printed = async (label: string) => {
    page.cookie = live.cast.byLabel(label).cookie!;
    const element = await AssessmentPrintPage({ params: Promise.resolve({ id: ex() }), searchParams: Promise.resolve({ person: host() }) });
    return renderToStaticMarkup(element);
  };
  const fullViews = () => server.db.prisma.auditEntry.count({ where: { exerciseId: ex(), action: "assessment.full-view" } });

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
    const backchannel = await openBackchannel(live, "host-nation", "un-mediator");
    const speaker = live.participants.get("host-nation")!;
    const secret = await speaker.client.send(backchannel, SECRET);
    const said = await speaker.client.send(live.channel("plenary", "host-nation").id, PUBLIC);
    if (!secret.ok || !said.ok) throw new Error("could not send");
    secretSeq = secret.data.seq;
    publicSeq = said.data.seq;
    expect((await call(settings.PUT, "facilitator", "PUT", { observersAssess: true })).status).toBe(200);
    await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: ex(), status: "ended" });
    await until(speaker, () => speaker.events.some((e) => e.type === "exercise.status" && e.payload.to === "ended"));
    // The facilitator pins the host's backchannel message, and one said in plenary.
    expect((await call(evidence.POST, "facilitator", "POST", { criterion: criterion(), seq: secretSeq, note: "The offer." })).status).toBe(
      200,
    );
    expect((await call(evidence.POST, "facilitator", "POST", { criterion: "", seq: publicSeq, note: "On the record." })).status).toBe(200);
  });
  afterAll(async () => server.close());

  it("keeps the backchannel message out of the observer's GET, with the plenary evidence still in it", async () => {
    const res = await call<Report>(person.GET, "observer");
    const report = reportOf(res);
    expect(report.evidence.map((e) => e.seq)).toEqual([publicSeq]);
    expect(res.text).not.toContain("Codeword Juniper");
    expect(res.text).toContain(PUBLIC);
  });

  it("keeps it out of the answer to an observer's empty save", async () => {
    const res = await call<Report>(person.PUT, "observer", "PUT", {});
    expect(reportOf(res).evidence.map((e) => e.seq)).toEqual([publicSeq]);
    expect(res.text).not.toContain("Codeword Juniper");
  });

  it("keeps it out of the answers to an observer's pin and unpin, and refuses their pin of it", async () => {
    const pinned = await call<Report>(evidence.POST, "observer", "POST", { criterion: criterion(), seq: publicSeq, note: "" });
    expect(
      reportOf(pinned)
        .evidence.map((e) => e.seq)
        .sort(),
    ).toEqual([publicSeq, publicSeq]);
    expect(pinned.text).not.toContain("Codeword Juniper");
    const unpinned = await call<Report>(evidence.DELETE, "observer", "DELETE", { criterion: criterion(), seq: publicSeq });
    expect(reportOf(unpinned).evidence.map((e) => e.seq)).toEqual([publicSeq]);
    expect(unpinned.text).not.toContain("Codeword Juniper");
    const refused = await call(evidence.POST, "observer", "POST", { criterion: "", seq: secretSeq, note: "" });
    expect(refused.status).toBe(400);
    expect(refused.text).not.toContain("Codeword Juniper");
  });

  it("counts for the observer only what the observer's desk counts", async () => {
    const row = await call<AssessmentDesk>(desk.GET, "observer");
    if (!row.json.ok) throw new Error(row.json.message);
    const deskActivity = row.json.data.people.find((p) => p.person.userId === host())!.activity;
    expect(deskActivity.messages).toBe(1);
    expect(reportOf(await call<Report>(person.GET, "observer")).activity).toEqual(deskActivity);
  });

  it("keeps it out of the print page the observer opens, and writes no full-view audit entry for them", async () => {
    const before = await fullViews();
    const html = await printed("observer");
    expect(html).toContain(PUBLIC);
    expect(html).not.toContain("Codeword Juniper");
    await call(person.GET, "observer");
    expect(await fullViews()).toBe(before);
  });

  it("shows it to the facilitator after the end, each reading an audited full view like the desk", async () => {
    const before = await fullViews();
    const res = await call<Report>(person.GET, "facilitator");
    expect(reportOf(res).evidence.map((e) => e.seq)).toEqual(expect.arrayContaining([secretSeq, publicSeq]));
    expect(res.text).toContain(SECRET);
    expect(reportOf(await call<Report>(person.PUT, "facilitator", "PUT", {})).evidence.map((e) => e.seq)).toContain(secretSeq);
    expect(await printed("facilitator")).toContain(SECRET);
    const pinned = await call<Report>(evidence.POST, "facilitator", "POST", { criterion: "", seq: secretSeq, note: "" });
    expect(pinned.text).toContain(SECRET);
    expect((await call<Report>(evidence.DELETE, "facilitator", "DELETE", { criterion: "", seq: secretSeq })).text).toContain(SECRET);
    // A refused pin answers with nothing to read, and so opens nothing.
    expect((await call(evidence.POST, "facilitator", "POST", { criterion: "no-such-criterion", seq: secretSeq, note: "" })).status).toBe(
      400,
    );
    expect(await fullViews()).toBe(before + 5);
  });

  it("shows it to the host once released, on their page and their print page", async () => {
    expect((await call(release.POST, "facilitator", "POST", {})).status).toBe(200);
    const res = await call<Report>(person.GET, "participant as host-nation");
    expect(reportOf(res).evidence.map((e) => e.seq)).toContain(secretSeq);
    expect(res.text).toContain(SECRET);
    expect(await printed("participant as host-nation")).toContain(SECRET);
    // The un-mediator shared the backchannel but may not read the host's assessment.
    expect((await call(person.GET, "participant as un-mediator")).status).toBe(403);
  });
});
