// A clause's discussion thread is messages in its agreement's channel that name the
// clause: the channel's privacy by construction, and refused anywhere else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClientKey } from "../../lib/client/exercise-client";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { messages, openBackchannel, runningExercise, until } from "../helpers/live";

const DRAFTING = 2;

describe("clause discussion threads", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const p = (role: string) => live.participants.get(role)!;
  const ex = () => live.cast.exerciseId;
  let backchannelId = "";
  let draftId = "";
  let tabledId = "";
  const clauseKey = () => live.cast.scenario.agreement.clauses[0]!.key;

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, DRAFTING);
    const host = p("host-nation");
    backchannelId = await openBackchannel(live, "host-nation", "un-mediator");
    const draft = await host.socket.emitWithAck("agreement:create", {
      exerciseId: ex(),
      channelId: backchannelId,
      fromTemplate: true,
      clientKey: newClientKey(),
    });
    const tabled = await host.socket.emitWithAck("agreement:create", {
      exerciseId: ex(),
      channelId: live.channel("plenary", "host-nation").id,
      fromTemplate: true,
      clientKey: newClientKey(),
    });
    if (!draft.ok || !tabled.ok) throw new Error("drafts not created");
    draftId = draft.data.agreementId;
    tabledId = tabled.data.agreementId;
    await host.socket.emitWithAck("agreement:table", { exerciseId: ex(), agreementId: tabledId });
  });
  afterAll(async () => server.close());

  it("posts in a tabled agreement's clause thread, in plenary, for everyone", async () => {
    const plenary = live.channel("plenary", "regional-body").id;
    const sent = await p("regional-body").socket.emitWithAck("message:send", {
      exerciseId: ex(),
      channelId: plenary,
      body: "Dawn is too soon for our units.",
      clause: { agreementId: tabledId, clauseKey: clauseKey() },
      clientKey: newClientKey(),
    });
    expect(sent.ok).toBe(true);
    const reader = p("intervening-power");
    await until(reader, () =>
      messages(reader).some((e) => e.type === "message.sent" && e.payload.body === "Dawn is too soon for our units."),
    );
    const got = messages(reader).find((e) => e.type === "message.sent" && e.payload.body === "Dawn is too soon for our units.");
    expect(got?.payload).toMatchObject({ clause: { agreementId: tabledId, clauseKey: clauseKey() } });
  });

  it("keeps a private draft's clause thread in its backchannel", async () => {
    const sent = await p("un-mediator").socket.emitWithAck("message:send", {
      exerciseId: ex(),
      channelId: backchannelId,
      body: "Can we live with this wording?",
      clause: { agreementId: draftId, clauseKey: clauseKey() },
      clientKey: newClientKey(),
    });
    expect(sent.ok).toBe(true);
    const host = p("host-nation");
    await until(host, () => messages(host, backchannelId).length === 1);
    expect(messages(host, backchannelId)[0]?.payload).toMatchObject({ clause: { agreementId: draftId } });
    // Let any stray delivery arrive before checking nobody else got it.
    await p("regional-body").socket.emitWithAck("system:ping", { sentAt: Date.now() });
    for (const role of ["regional-body", "intervening-power"])
      expect(messages(p(role)).some((e) => e.type === "message.sent" && e.payload.body === "Can we live with this wording?")).toBe(false);
  });

  it("refuses a thread outside its agreement's channel or on a clause the text no longer has, storing nothing", async () => {
    const before = await server.db.prisma.exerciseEvent.count({ where: { exerciseId: ex() } });
    const plenary = live.channel("plenary", "host-nation").id;
    // The private draft named from plenary: it would leak that the draft exists.
    const elsewhere = await p("host-nation").socket.emitWithAck("message:send", {
      exerciseId: ex(),
      channelId: plenary,
      body: "About that draft",
      clause: { agreementId: draftId, clauseKey: clauseKey() },
      clientKey: newClientKey(),
    });
    expect(elsewhere).toMatchObject({ ok: false, code: "not_found" });
    const gone = await p("host-nation").socket.emitWithAck("message:send", {
      exerciseId: ex(),
      channelId: plenary,
      body: "About nothing",
      clause: { agreementId: tabledId, clauseKey: "no-such-clause" },
      clientKey: newClientKey(),
    });
    expect(gone).toMatchObject({ ok: false, code: "not_found" });
    const malformed = await p("host-nation").socket.emitWithAck("message:send", {
      exerciseId: ex(),
      channelId: plenary,
      body: "x",
      clause: { agreementId: tabledId } as never,
      clientKey: newClientKey(),
    });
    expect(malformed).toMatchObject({ ok: false, code: "invalid_payload" });
    expect(await server.db.prisma.exerciseEvent.count({ where: { exerciseId: ex() } })).toBe(before);
  });
});
