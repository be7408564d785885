// Data rights (issue 19): deleting an exercise, erasing a person (pseudonymised in others'
// records, gone from every table, replay and export), exporting a person's data, and the
// retention period. Real servers, sockets and databases, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as exerciseRoute from "../../app/api/exercises/[id]/route";
import * as replayRoute from "../../app/api/exercises/[id]/replay/route";
import * as transcriptRoute from "../../app/api/exercises/[id]/transcript/route";
import * as eraseRoute from "../../app/api/admin/users/[id]/erase/route";
import * as adminExportRoute from "../../app/api/admin/users/[id]/export/route";
import * as meExportRoute from "../../app/api/me/export/route";
import { newClientKey } from "../../lib/client/exercise-client";
import { confirms, pseudonymFor } from "../../server/domain/data-rights";
import { ConfigError, parseEnv } from "../../server/config/env";
import { startRetention } from "../../server/data-rights/retention";
import { createLogger } from "../../server/logger";
import type { Db } from "../../server/db/client";
import { providers } from "../helpers/databases";
import { connected, disconnected, startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { connectMember, runningExercise, type LiveMember } from "../helpers/live";
import { seedCast } from "../helpers/seed-exercise";
import { storedMessages } from "../helpers/stored-messages";

const DRAFTING = 2; // collapsing-ceasefire: opening, proximity, drafting, deadline
const DAY = 86_400_000;

/** Every text column of every table, and how many of its values contain `needle` (any case). */
async function occurrences(db: Db, provider: string, needle: string): Promise<string[]> {
  const columns: { table: string; column: string }[] =
    provider === "sqlite"
      ? await db.$queryRawUnsafe(
          "SELECT m.name AS \"table\", p.name AS \"column\" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND upper(p.type) IN ('TEXT', 'VARCHAR', 'CHAR', 'CLOB', '')",
        )
      : await db.$queryRawUnsafe(
          "SELECT table_name AS \"table\", column_name AS \"column\" FROM information_schema.columns WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character')",
        );
  if (!columns.some((c) => c.table === "ExerciseEvent" && c.column === "payload"))
    throw new Error("the scan does not see the log's payloads");
  const match = provider === "sqlite" ? "LIKE ?" : "ILIKE $1";
  const hits: string[] = [];
  for (const { table, column } of columns) {
    const rows: { n: number | bigint }[] = await db.$queryRawUnsafe(
      `SELECT COUNT(*) AS n FROM "${table}" WHERE CAST("${column}" AS TEXT) ${match}`,
      `%${needle}%`,
    );
    if (Number(rows[0]?.n ?? 0) > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

describe.each(providers)("data rights on %s", (provider) => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const tag = Math.random().toString(36).slice(2, 8);
  // Names that appear nowhere else, so a hit in any table is theirs.
  const NAME = `Zoë Quixote-${tag}`;
  const STAFF_NAME = `Yannick Quarto-${tag}`;
  const STAFF_EMAIL = `yq-${tag}@example.test`;
  const OTHER_BODY = `Another delegate's words ${tag}`;
  let zoe: LiveMember;
  let zoeId = "";
  let staffId = "";
  let backchannelId = "";
  const ex = () => live.cast.exerciseId;
  const cookieOf = (label: string) => live.cast.byLabel(label).cookie!;
  const call = (
    handler: (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>,
    cookie: string | null,
    init: { method?: string; body?: unknown; query?: string; id?: string } = {},
  ) =>
    handler(
      new Request(`http://parley.test/x${init.query ?? ""}`, {
        method: init.method ?? "GET",
        headers: {
          ...(cookie ? { cookie } : {}),
          origin: TEST_ORIGIN,
          ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      }),
      { params: Promise.resolve({ id: init.id ?? ex() }) },
    );
  const replayText = async (label: string, query = "") => (await call(replayRoute.GET, cookieOf(label), { query })).text();
  const transcriptText = async (label: string, query: string) => (await call(transcriptRoute.GET, cookieOf(label), { query })).text();
  const meExport = (cookie: string) => meExportRoute.GET(new Request("http://parley.test/api/me/export", { headers: { cookie } }));

  /** Seats a new person in the running exercise and connects them. */
  async function seat(
    label: string,
    user: { id: string; displayName: string; systemRole: string; exerciseId?: string | null },
    seatKind: "participant" | "facilitator",
    roleKey?: string,
  ) {
    await server.context.services.assignments.assign(ex(), user.id, seatKind, roleKey);
    await server.context.live.refresh(ex());
    live.cast.members.push({ label, userId: user.id, cookie: await server.cookieFor(user), ...(roleKey ? { roleKey } : {}) });
    return connectMember(server, live.cast, label);
  }

  beforeAll(async () => {
    server = await startTestServer(provider, { joinLimit: 1000 });
    live = await runningExercise(server, DRAFTING);
    const { services } = server.context;
    const zoeUser = await services.users.create({ displayName: NAME, systemRole: "participant", exerciseId: ex() });
    zoeId = zoeUser.id;
    zoe = await seat("zoe", { ...zoeUser, exerciseId: ex() }, "participant", "host-nation");
    const staffUser = await services.users.create({
      displayName: STAFF_NAME,
      email: STAFF_EMAIL,
      passwordHash: "$argon2id$v=19$fake",
      systemRole: "facilitator",
    });
    staffId = staffUser.id;
    const staff = await seat("second facilitator", staffUser, "facilitator");

    // Zoë speaks in plenary and in her delegation's channel, drafts and signs an agreement.
    const plenary = live.channel("plenary", "host-nation").id;
    expect((await zoe.client.send(plenary, "We propose a ceasefire at dawn.")).ok).toBe(true);
    expect((await zoe.client.send(live.channel("team", "host-nation").id, "Hold the line on police numbers.")).ok).toBe(true);
    expect((await live.participants.get("host-nation")!.client.send(plenary, OTHER_BODY)).ok).toBe(true);
    const request = await zoe.socket.emitWithAck("backchannel:request", {
      exerciseId: ex(),
      roles: ["un-mediator"],
      clientKey: newClientKey(),
    });
    if (!request.ok) throw new Error(request.message);
    backchannelId = request.data.channelId;
    await live.participants
      .get("un-mediator")!
      .socket.emitWithAck("backchannel:respond", { exerciseId: ex(), channelId: backchannelId, accept: true, clientKey: newClientKey() });
    expect((await zoe.client.send(backchannelId, "Quietly: we could accept monitors.")).ok).toBe(true);
    const created = await zoe.socket.emitWithAck("agreement:create", {
      exerciseId: ex(),
      channelId: backchannelId,
      fromTemplate: true,
      clientKey: newClientKey(),
    });
    if (!created.ok) throw new Error(created.message);
    const tabled = await zoe.socket.emitWithAck("agreement:table", {
      exerciseId: ex(),
      agreementId: created.data.agreementId,
      clientKey: newClientKey(),
    });
    if (!tabled.ok) throw new Error(tabled.message);
    const signed = await zoe.socket.emitWithAck("agreement:sign", {
      exerciseId: ex(),
      agreementId: created.data.agreementId,
      version: tabled.data.version,
      clientKey: newClientKey(),
    });
    if (!signed.ok) throw new Error(signed.message);
    // The second facilitator reads the backchannel: the log names the reader.
    const opened = await staff.socket.emitWithAck("oversight:open", { exerciseId: ex(), channelId: backchannelId });
    if (!opened.ok) throw new Error(opened.message);
    // What other features keep about an account: an invitation and its audit entry.
    await server.db.prisma.accountLink.create({
      data: { kind: "invite", tokenHash: `hash-${tag}`, email: STAFF_EMAIL, role: "facilitator", expiresAt: new Date(Date.now() + DAY) },
    });
    await server.db.prisma.auditEntry.create({
      data: {
        action: "account.invited",
        target: STAFF_EMAIL,
        detail: JSON.stringify({ email: STAFF_EMAIL, note: `invited ${STAFF_NAME} by link` }),
      },
    });
  });
  afterAll(async () => server?.close());

  it("exports everything about a person for themselves and for an admin, and nothing of anyone else's", async () => {
    const res = await meExport(cookieOf("zoe"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const text = await res.text();
    const data = JSON.parse(text) as {
      account: { id: string; displayName: string; passwordHash?: unknown };
      seats: { exercise: string; roleKey: string | null }[];
      messages: { body: string; channel: string; exercise: string }[];
      agreementVersions: unknown[];
      signatures: { roleKey: string }[];
    };
    expect(data.account).toMatchObject({ id: zoeId, displayName: NAME });
    expect(data.seats).toEqual([expect.objectContaining({ roleKey: "host-nation" })]);
    expect(data.messages.map((m) => m.body).sort()).toEqual([
      "Hold the line on police numbers.",
      "Quietly: we could accept monitors.",
      "We propose a ceasefire at dawn.",
    ]);
    expect(data.messages.find((m) => m.body.startsWith("We propose"))).toMatchObject({ channel: "Plenary", exercise: expect.any(String) });
    expect(data.agreementVersions.length).toBeGreaterThan(0);
    expect(data.signatures).toEqual([expect.objectContaining({ roleKey: "host-nation" })]);
    // Another person's message in the same channel, and another person's name, are not in it.
    expect(text).not.toContain(OTHER_BODY);
    expect(text).not.toContain("participant as host-nation");

    const staffExport = (await (await call(adminExportRoute.GET, cookieOf("admin"), { id: staffId })).json()) as {
      account: { email: string; hasPassword: boolean };
      auditEntries: { action: string; byThem: boolean }[];
    };
    expect(staffExport.account).toMatchObject({ email: STAFF_EMAIL, hasPassword: true });
    expect(JSON.stringify(staffExport)).not.toContain("fake");
    expect(staffExport.auditEntries).toContainEqual(expect.objectContaining({ action: "backchannel.read", byThem: true }));

    expect((await call(adminExportRoute.GET, cookieOf("facilitator"), { id: zoeId })).status).toBe(403);
    expect((await call(adminExportRoute.GET, cookieOf("participant as un-mediator"), { id: zoeId })).status).toBe(403);
    expect((await meExportRoute.GET(new Request("http://parley.test/api/me/export"))).status).toBe(401);
  });

  it("refuses an erasure by anyone but an admin, or without the exact confirmation, changing nothing", async () => {
    expect(await occurrences(server.db.prisma, provider, NAME)).toEqual(
      expect.arrayContaining(["User.displayName", "ExerciseEvent.payload"]),
    );
    expect(await occurrences(server.db.prisma, provider, STAFF_EMAIL)).toEqual(
      expect.arrayContaining(["User.email", "AuditEntry.detail", "AccountLink.email"]),
    );
    expect((await call(eraseRoute.POST, cookieOf("facilitator"), { method: "POST", id: zoeId, body: { confirm: NAME } })).status).toBe(403);
    expect(
      (await call(eraseRoute.POST, cookieOf("participant as un-mediator"), { method: "POST", id: zoeId, body: { confirm: NAME } })).status,
    ).toBe(403);
    expect((await call(eraseRoute.POST, cookieOf("admin"), { method: "POST", id: zoeId, body: { confirm: "Zoe Quixote" } })).status).toBe(
      400,
    );
    expect((await call(eraseRoute.POST, cookieOf("admin"), { method: "POST", id: zoeId, body: {} })).status).toBe(400);
    const adminId = live.cast.byLabel("admin").userId!;
    expect((await call(eraseRoute.POST, cookieOf("admin"), { method: "POST", id: adminId, body: { confirm: "admin" } })).status).toBe(409);
    const user = await server.db.prisma.user.findUniqueOrThrow({ where: { id: zoeId } });
    expect(user).toMatchObject({ displayName: NAME, erasedAt: null });
    expect(zoe.socket.connected).toBe(true);
  });

  it("erases a person: their name and address are in no table, replay or export, their sessions and sockets end, their words stay under a pseudonym", async () => {
    const messagesBefore = (await storedMessages(server.db.prisma, { authorUserId: zoeId })).length;
    // Read before: the debrief holds parsed events; the erasure must make it read them again.
    for (const view of [await replayText("facilitator"), await replayText("participant as host-nation")]) expect(view).toContain(NAME);
    const zoeCookie = cookieOf("zoe");
    const gone = disconnected(zoe.socket);
    const erased = await call(eraseRoute.POST, cookieOf("admin"), { method: "POST", id: zoeId, body: { confirm: ` ${NAME} ` } });
    expect(erased.status).toBe(200);
    const pseudonym = pseudonymFor(zoeId, "participant");
    expect(((await erased.json()) as { data: { pseudonym: string } }).data.pseudonym).toBe(pseudonym);
    await gone;
    // The address, typed in another case, confirms the account's erasure.
    expect(
      (await call(eraseRoute.POST, cookieOf("admin"), { method: "POST", id: staffId, body: { confirm: STAFF_EMAIL.toUpperCase() } }))
        .status,
    ).toBe(200);
    expect((await call(eraseRoute.POST, cookieOf("admin"), { method: "POST", id: staffId, body: { confirm: STAFF_EMAIL } })).status).toBe(
      409,
    );

    for (const needle of [NAME, STAFF_NAME, STAFF_EMAIL]) expect(await occurrences(server.db.prisma, provider, needle), needle).toEqual([]);
    for (const view of [
      await replayText("facilitator"),
      await replayText("facilitator", "?as=host-nation"),
      await replayText("participant as host-nation"),
    ]) {
      expect(view).not.toContain(NAME);
      expect(view).not.toContain(STAFF_NAME);
      expect(view).toContain(pseudonym);
    }
    for (const query of ["?format=md", "?format=json", "?format=md&as=un-mediator"]) {
      const text = await transcriptText("facilitator", query);
      expect(text, query).not.toContain(NAME);
      expect(text, query).toContain(pseudonym);
    }
    // Their words, seat and signature stay in others' records, under the pseudonym.
    expect(await storedMessages(server.db.prisma, { authorUserId: zoeId })).toHaveLength(messagesBefore);
    expect(await server.db.prisma.signature.count({ where: { userId: zoeId } })).toBe(1);
    expect(await server.db.prisma.roleAssignment.count({ where: { userId: zoeId, exerciseId: ex() } })).toBe(1);
    const staffRow = await server.db.prisma.user.findUniqueOrThrow({ where: { id: staffId } });
    expect(staffRow).toMatchObject({ email: null, passwordHash: null, displayName: pseudonymFor(staffId, "facilitator") });
    expect(staffRow.erasedAt).not.toBeNull();
    // Sessions begun before are refused.
    expect((await meExport(zoeCookie)).status).toBe(401);
    const again = server.client({ cookie: zoeCookie });
    await expect(connected(again)).rejects.toThrow("unauthenticated");
    // The erasure is audited without personal data.
    const audit = await server.db.prisma.auditEntry.findFirstOrThrow({ where: { action: "person.erased", target: zoeId } });
    expect(audit.actorUserId).toBe(live.cast.byLabel("admin").userId);
    expect(audit.detail).not.toContain("Quixote");
  });

  it("refuses to delete a running exercise, or with a wrong title, or for anyone but its facilitator or an admin", async () => {
    const title = (await server.db.prisma.exercise.findUniqueOrThrow({ where: { id: ex() } })).title;
    const events = await server.db.prisma.exerciseEvent.count({ where: { exerciseId: ex() } });
    const del = (label: string, confirm: unknown) =>
      call(exerciseRoute.DELETE, cookieOf(label), { method: "DELETE", body: confirm === undefined ? {} : { confirm } });
    expect((await del("facilitator", title)).status).toBe(409);
    expect((await del("facilitator", `${title}!`)).status).toBe(400);
    expect((await del("facilitator", undefined)).status).toBe(400);
    expect((await del("participant as host-nation", title)).status).toBe(403);
    expect((await del("observer", title)).status).toBe(403);
    expect((await del("facilitator of another exercise", title)).status).toBe(403);
    expect((await call(exerciseRoute.DELETE, null, { method: "DELETE", body: { confirm: title } })).status).toBe(401);
    expect(await server.db.prisma.exerciseEvent.count({ where: { exerciseId: ex() } })).toBe(events);
    expect(await server.db.prisma.exercise.count({ where: { id: ex() } })).toBe(1);
  });

  it("deletes an ended exercise with everything of it and its participants, tells the people connected and disconnects them, and keeps an audit record", async () => {
    const prisma = server.db.prisma;
    const ended = await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: ex(), status: "ended" });
    expect(ended.ok).toBe(true);
    const { title } = await prisma.exercise.findUniqueOrThrow({ where: { id: ex() } });
    const participants = (await prisma.user.findMany({ where: { exerciseId: ex(), systemRole: "participant" } })).map((u) => u.id);
    expect(participants.length).toBeGreaterThan(5);
    const watcher = live.participants.get("regional-body")!;
    const told = new Promise<void>((resolve) =>
      watcher.socket.once("exercise:deleted", ({ exerciseId }) => exerciseId === ex() && resolve()),
    );
    const closed = disconnected(watcher.socket);
    const otherBefore = await prisma.exerciseEvent.count({ where: { exerciseId: live.cast.otherExerciseId } });

    const res = await call(exerciseRoute.DELETE, cookieOf("facilitator"), { method: "DELETE", body: { confirm: title } });
    expect(res.status).toBe(200);
    await told;
    await closed;
    const where = { exerciseId: ex() };
    const left = await Promise.all([
      prisma.exercise.count({ where: { id: ex() } }),
      prisma.exerciseEvent.count({ where }),
      prisma.channel.count({ where }),
      prisma.agreement.count({ where }),
      prisma.signature.count({ where: { userId: { in: participants } } }),
      prisma.annotation.count({ where }),
      prisma.roleAssignment.count({ where }),
      prisma.auditEntry.count({ where }),
      prisma.user.count({ where: { id: { in: participants } } }),
    ]);
    expect(left).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const record = await prisma.auditEntry.findFirstOrThrow({ where: { action: "exercise.deleted", target: ex() } });
    expect(record.exerciseId).toBeNull();
    expect(record.actorUserId).toBe(live.cast.byLabel("facilitator").userId);
    const detail = JSON.parse(record.detail) as {
      title: string;
      deletedCounts: { messages: number; participants: number; signatures: number };
    };
    expect(detail.title).toBe(title);
    expect(detail.deletedCounts).toMatchObject({ participants: participants.length, signatures: 1 });
    expect(detail.deletedCounts.messages).toBeGreaterThan(3);
    // The room is unloaded: joining it again finds nothing. The other exercise is untouched.
    const admin = server.client({ cookie: cookieOf("admin") });
    await connected(admin);
    expect(await admin.emitWithAck("exercise:join", { exerciseId: ex(), afterSeq: 0 })).toMatchObject({ ok: false, code: "not_found" });
    expect(await prisma.exerciseEvent.count({ where: { exerciseId: live.cast.otherExerciseId } })).toBe(otherBefore);
  });

  it("deletes an exercise in its lobby, closing the lobby of the person waiting in it", async () => {
    const otherId = live.cast.otherExerciseId;
    const waiting = await connectMember(server, { ...live.cast, exerciseId: otherId }, "participant of another exercise");
    const closed = disconnected(waiting.socket);
    const { title } = await server.db.prisma.exercise.findUniqueOrThrow({ where: { id: otherId } });
    // The admin may delete any exercise.
    const res = await call(exerciseRoute.DELETE, cookieOf("admin"), { method: "DELETE", id: otherId, body: { confirm: title } });
    expect(res.status).toBe(200);
    await closed;
    expect(await server.db.prisma.user.count({ where: { id: live.cast.byLabel("participant of another exercise").userId! } })).toBe(0);
  });
});

describe("retention period", () => {
  let server: TestServer;
  afterAll(async () => server?.close());

  it("is an optional positive number of days", () => {
    const base = { NODE_ENV: "test" };
    expect(parseEnv(base).RETENTION_DAYS).toBeUndefined();
    expect(parseEnv({ ...base, RETENTION_DAYS: "90" }).RETENTION_DAYS).toBe(90);
    for (const bad of ["0", "-3", "1.5", "soon"]) expect(() => parseEnv({ ...base, RETENTION_DAYS: bad }), bad).toThrow(ConfigError);
  });

  it("deletes exercises ended more than the period ago, audited as the system's, and nothing else", async () => {
    server = await startTestServer("sqlite");
    const cast = await seedCast(server);
    const { live } = server.context;
    const { dataRights } = server.context.services;
    const facilitator = {
      userId: cast.byLabel("facilitator").userId!,
      systemRole: "facilitator" as const,
      seats: [{ seat: "facilitator" as const }],
    };
    // Ended from the console, as people end exercises (the log records when).
    expect((await live.run.setStatus(facilitator, cast.exerciseId, "running")).ok).toBe(true);
    expect((await live.run.setStatus(facilitator, cast.exerciseId, "ended")).ok).toBe(true);
    const logger = createLogger("silent");
    let clock = Date.now() + 29 * DAY;
    const retention = startRetention({ days: 30, dataRights, logger, now: () => clock });
    expect(retention).not.toBeNull();
    expect(await retention!.runOnce()).toEqual([]);
    expect(await server.db.prisma.exercise.count({ where: { id: cast.exerciseId } })).toBe(1);
    clock = Date.now() + 31 * DAY;
    expect(await retention!.runOnce()).toEqual([cast.exerciseId]);
    await retention!.stop();
    expect(await server.db.prisma.exercise.count({ where: { id: cast.exerciseId } })).toBe(0);
    // The exercise still in its lobby is kept, however old.
    expect(await server.db.prisma.exercise.count({ where: { id: cast.otherExerciseId } })).toBe(1);
    const record = await server.db.prisma.auditEntry.findFirstOrThrow({ where: { action: "exercise.deleted", target: cast.exerciseId } });
    expect(record.actorUserId).toBeNull();
    expect(JSON.parse(record.detail)).toMatchObject({ by: "retention", retentionDays: 30 });
    expect(startRetention({ days: undefined, dataRights, logger })).toBeNull();
  });
});

describe("confirmation and pseudonyms", () => {
  it("accepts the exact text (spacing aside; an address in any case) and nothing else", () => {
    expect(confirms("  Spring  course ", ["Spring course"])).toBe(true);
    expect(confirms("spring course", ["Spring course"])).toBe(false);
    expect(confirms("", [""])).toBe(false);
    expect(confirms("ANA@Example.test", ["Ana", "ana@example.test"])).toBe(true);
    expect(confirms("Ana", ["Ana Lima", null])).toBe(false);
  });

  it("gives each person one stable pseudonym that holds nothing of their name", () => {
    expect(pseudonymFor("user-1", "participant")).toBe(pseudonymFor("user-1", "participant"));
    expect(pseudonymFor("user-1", "participant")).not.toBe(pseudonymFor("user-2", "participant"));
    expect(pseudonymFor("user-1", "participant")).toMatch(/^Former participant [0-9a-f]{6}$/);
    expect(pseudonymFor("user-1", "admin")).toMatch(/^Former member [0-9a-f]{6}$/);
  });
});
