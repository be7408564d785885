// Account administration over the real routes: invitations by one-time link, roles,
// deactivation that ends sessions and sockets at once, password resets, and the audit
// trail every change leaves, read back through the audit viewer (and its CSV). Links are
// emailed through the outbox (server/effects) to a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import * as users from "../../app/api/admin/users/route";
import * as role from "../../app/api/admin/users/[id]/role/route";
import * as active from "../../app/api/admin/users/[id]/active/route";
import * as resetLink from "../../app/api/admin/users/[id]/reset-link/route";
import * as redeem from "../../app/api/account-links/[token]/route";
import * as audit from "../../app/api/audit/route";
import { join } from "node:path";
import { smtpMailer } from "../../server/accounts/mailer";
import { composeApp } from "../../server/compose";
import type { Database } from "../../server/db/client";
import type { Actor } from "../../server/domain/authorization";
import { createLogger } from "../../server/logger";
import { openTestDatabase } from "../helpers/databases";
import { waitUntil } from "../helpers/wait";
import { hashPassword } from "../../server/auth/password";
import { connected, disconnected, startTestServer, TEST_ORIGIN, TEST_SECRET, type TestServer } from "../helpers/test-server";
import { seedCast, type Cast } from "../helpers/seed-exercise";

const PASSWORD = "a long enough password";

describe("account administration", () => {
  let server: TestServer;
  let cast: Cast;
  const cookie = (label: string) => cast.byLabel(label).cookie!;
  // Route handlers of any params: the test hands each the params its route has.
  type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;
  const call = async (
    handler: Handler,
    opts: { cookie?: string | null; body?: unknown; params?: Record<string, string>; query?: string; method?: string } = {},
  ) => {
    const headers: Record<string, string> = { origin: TEST_ORIGIN };
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    const req = new Request(`http://parley.test/x${opts.query ?? ""}`, {
      method: opts.method ?? (opts.body !== undefined ? "POST" : "GET"),
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) as Promise<never> });
    return {
      status: res.status,
      body: (res.headers.get("content-type") ?? "").includes("json") ? ((await res.json()) as unknown) : await res.text(),
    };
  };
  const signIn = async (email: string, password: string) => {
    const providers = server.context.authOptions.providers as unknown as {
      options?: { id?: string; authorize?: (c: Record<string, string>, r: unknown) => Promise<unknown> };
    }[];
    return providers.find((p) => p.options?.id === "password")!.options!.authorize!({ email, password }, { headers: {} });
  };
  const tokenOf = (url: string) => url.split("/").at(-1)!;

  beforeAll(async () => {
    server = await startTestServer("sqlite");
    cast = await seedCast(server);
  });
  afterAll(async () => server.close());

  it("lets only an administrator invite, and refuses bad or taken addresses", async () => {
    expect(
      (await call(users.POST, { cookie: cookie("facilitator"), body: { email: "nia@example.test", role: "facilitator" } })).status,
    ).toBe(403);
    expect((await call(users.POST, { body: { email: "nia@example.test", role: "facilitator" } })).status).toBe(401);
    expect((await call(users.POST, { cookie: cookie("admin"), body: { email: "not an email", role: "facilitator" } })).status).toBe(400);
    expect((await call(users.POST, { cookie: cookie("admin"), body: { email: "nia@example.test", role: "superuser" } })).status).toBe(400);
    const taken = (await server.db.prisma.user.findUniqueOrThrow({ where: { id: cast.byLabel("facilitator").userId! } })).email!;
    expect((await call(users.POST, { cookie: cookie("admin"), body: { email: taken, role: "facilitator" } })).status).toBe(409);
    expect(await server.db.prisma.accountLink.count()).toBe(0);
  });

  it("creates the account through the invitation once, with the invited role, and it signs in", async () => {
    const invited = await call(users.POST, { cookie: cookie("admin"), body: { email: "Nia@Example.test", role: "facilitator" } });
    expect(invited.status).toBe(201);
    const link = (invited.body as { data: { url: string; emailed: boolean } }).data;
    expect(link.url).toMatch(new RegExp(`^${server.url}/account/invite/[A-Za-z0-9_-]{43}$`));
    // Without SMTP_URL nothing is emailed, and nothing is queued.
    expect(link.emailed).toBe(false);
    expect(await server.db.prisma.effect.count()).toBe(0);
    const token = tokenOf(link.url);
    // Only the hash is stored.
    expect(JSON.stringify(await server.db.prisma.accountLink.findMany())).not.toContain(token);

    expect((await call(redeem.POST, { params: { token }, body: { displayName: "Nia", password: "short" } })).status).toBe(400);
    expect((await call(redeem.POST, { params: { token: "x".repeat(43) }, body: { displayName: "Nia", password: PASSWORD } })).status).toBe(
      404,
    );
    const made = await call(redeem.POST, { params: { token }, body: { displayName: "Nia", password: PASSWORD } });
    expect(made.status).toBe(200);
    expect((await call(redeem.POST, { params: { token }, body: { displayName: "Nia again", password: PASSWORD } })).status).toBe(409);
    const nia = await server.db.prisma.user.findUniqueOrThrow({ where: { email: "nia@example.test" } });
    expect(nia).toMatchObject({ displayName: "Nia", systemRole: "facilitator" });
    expect(await signIn("nia@example.test", PASSWORD)).toMatchObject({ id: nia.id, role: "facilitator" });
    expect((await server.db.prisma.user.findUniqueOrThrow({ where: { id: nia.id } })).lastSignInAt).not.toBeNull();
  });

  it("refuses an expired invitation", async () => {
    const invited = await call(users.POST, { cookie: cookie("admin"), body: { email: "late@example.test", role: "observer" } });
    const token = tokenOf((invited.body as { data: { url: string } }).data.url);
    await server.db.prisma.accountLink.updateMany({
      where: { email: "late@example.test" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await call(redeem.POST, { params: { token }, body: { displayName: "Late", password: PASSWORD } })).status).toBe(409);
    expect(await server.db.prisma.user.count({ where: { email: "late@example.test" } })).toBe(0);
  });

  it("deactivates an account: its open sockets close at once, its cookie and password stop working", async () => {
    const nia = await server.db.prisma.user.findUniqueOrThrow({ where: { email: "nia@example.test" } });
    const niaCookie = await server.cookieFor(nia);
    const socket = server.client({ cookie: niaCookie });
    await connected(socket);
    const closed = disconnected(socket);
    expect((await call(active.POST, { cookie: cookie("facilitator"), params: { id: nia.id }, body: { active: false } })).status).toBe(403);
    expect((await call(active.POST, { cookie: cookie("admin"), params: { id: nia.id }, body: { active: "no" } })).status).toBe(400);
    expect((await call(active.POST, { cookie: cookie("admin"), params: { id: nia.id }, body: { active: false } })).status).toBe(200);
    expect(await closed).toBe("io server disconnect");
    expect(await server.context.sessions.fromCookieHeader(niaCookie)).toBeNull();
    expect(await signIn("nia@example.test", PASSWORD)).toBeNull();
    const listed = await call(users.GET, { cookie: cookie("admin"), query: "?q=nia" });
    expect((listed.body as { data: { email: string; active: boolean }[] }).data).toEqual([
      expect.objectContaining({ email: "nia@example.test", active: false }),
    ]);
    // Reactivated, a new sign-in works (the old cookie stays dead).
    expect((await call(active.POST, { cookie: cookie("admin"), params: { id: nia.id }, body: { active: true } })).status).toBe(200);
    expect(await signIn("nia@example.test", PASSWORD)).toMatchObject({ id: nia.id });
    expect(await server.context.sessions.fromCookieHeader(niaCookie)).toBeNull();
  });

  it("keeps Parley administered: no admin deactivates or demotes themselves", async () => {
    const adminId = cast.byLabel("admin").userId!;
    expect((await call(active.POST, { cookie: cookie("admin"), params: { id: adminId }, body: { active: false } })).status).toBe(409);
    expect((await call(role.POST, { cookie: cookie("admin"), params: { id: adminId }, body: { role: "facilitator" } })).status).toBe(409);
  });

  it("changes a role, ending the sessions made under the old one", async () => {
    const nia = await server.db.prisma.user.findUniqueOrThrow({ where: { email: "nia@example.test" } });
    const before = await server.cookieFor(nia);
    await new Promise((r) => setTimeout(r, 1100)); // sessions have one-second resolution
    expect((await call(role.POST, { cookie: cookie("admin"), params: { id: nia.id }, body: { role: "observer" } })).status).toBe(200);
    expect((await server.db.prisma.user.findUniqueOrThrow({ where: { id: nia.id } })).systemRole).toBe("observer");
    expect(await server.context.sessions.fromCookieHeader(before)).toBeNull();
    // An observer account lists the exercises it was added to, and only those.
    await server.context.services.assignments.assign(cast.exerciseId, nia.id, "observer");
    expect((await server.context.services.exercises.listObservedBy(nia.id)).map((e) => e.id)).toEqual([cast.exerciseId]);
    // Signed in again as an observer: no staff, and no administrator.
    await new Promise((r) => setTimeout(r, 1100));
    const after = await server.cookieFor({ ...nia, systemRole: "observer" });
    expect(await server.context.sessions.fromCookieHeader(after)).not.toBeNull();
    expect((await call(users.GET, { cookie: after })).status).toBe(403);
  });

  it("resets a password by a one-time link: the old one stops, the new one works", async () => {
    const nia = await server.db.prisma.user.findUniqueOrThrow({ where: { email: "nia@example.test" } });
    const issued = await call(resetLink.POST, { cookie: cookie("admin"), params: { id: nia.id } });
    expect(issued.status).toBe(201);
    const token = tokenOf((issued.body as { data: { url: string } }).data.url);
    expect((await call(redeem.POST, { params: { token }, body: { password: "the new long password" } })).status).toBe(200);
    expect(await signIn("nia@example.test", PASSWORD)).toBeNull();
    expect(await signIn("nia@example.test", "the new long password")).toMatchObject({ id: nia.id });
  });

  it("audits every change and sign-in, and shows them to admins only; facilitators read their exercises' entries", async () => {
    const nia = await server.db.prisma.user.findUniqueOrThrow({ where: { email: "nia@example.test" } });
    const read = async (label: string, query = "") =>
      (await call(audit.GET, { cookie: cookie(label), query })).body as {
        ok: boolean;
        data: { lines: { action: string; targetId: string | null; exerciseId: string | null }[]; next: string | null };
      };
    const about = (await read("admin", `?person=${nia.id}&limit=100`)).data.lines.map((l) => l.action);
    for (const action of [
      "account.created",
      "sign-in",
      "sign-in.failed",
      "account.deactivated",
      "account.reactivated",
      "account.role-changed",
      "account.reset-link",
      "account.password-reset",
    ]) {
      expect(about).toContain(action);
    }
    expect((await read("admin", `?person=${nia.id}&kind=account.`)).data.lines.every((l) => l.action.startsWith("account."))).toBe(true);
    // The same person found by their email.
    expect((await read("admin", `?person=NIA@example.test&limit=100`)).data.lines.map((l) => l.action)).toEqual(about);
    // A facilitator sees an oversight opening of their own exercise, and no account entries.
    await server.db.prisma.auditEntry.create({
      data: { exerciseId: cast.exerciseId, actorUserId: cast.byLabel("facilitator").userId, action: "backchannel.read", target: "ch-1" },
    });
    await server.db.prisma.auditEntry.create({
      data: {
        exerciseId: cast.otherExerciseId,
        actorUserId: cast.byLabel("facilitator of another exercise").userId,
        action: "backchannel.read",
        target: "ch-2",
      },
    });
    const mine = (await read("facilitator")).data.lines;
    expect(mine.map((l) => l.action)).toContain("backchannel.read");
    expect(mine.every((l) => l.exerciseId === cast.exerciseId)).toBe(true);
    expect((await call(audit.GET, { cookie: cookie("participant as host-nation") })).status).toBe(403);
    expect((await call(audit.GET, { cookie: cookie("admin"), query: "?kind=everything" })).status).toBe(400);
    // Paging: two at a time walks the same entries as one page.
    const all = (await read("admin", "?limit=1000")).data.lines.map((l) => l.action);
    const paged: string[] = [];
    let before: string | null = null;
    do {
      const page = await read("admin", `?limit=2${before ? `&before=${before}` : ""}`);
      paged.push(...page.data.lines.map((l) => l.action));
      before = page.data.next;
    } while (before);
    expect(paged).toEqual(all);
  });

  it("exports the audit trail as CSV, with cells a spreadsheet would run quoted as text", async () => {
    const sneaky = await server.context.services.users.create({
      displayName: '=HYPERLINK("http://evil.test")',
      email: "sneaky@example.test",
      passwordHash: await hashPassword(PASSWORD),
      systemRole: "facilitator",
    });
    await signIn("sneaky@example.test", "wrong password");
    const csv = await call(audit.GET, { cookie: cookie("admin"), query: `?person=${sneaky.id}&format=csv` });
    expect(csv.status).toBe(200);
    const lines = (csv.body as string).trim().split("\n");
    expect(lines[0]).toBe("time_utc,action,actor,actor_id,exercise,exercise_id,target,target_id,detail");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("sign-in.failed");
    expect(lines[1]).not.toMatch(/,=HYPERLINK/);
    expect(lines[1]).toContain("'=HYPERLINK");
  });
});

describe("account links by email, through the outbox", () => {
  let smtp: SMTPServer;
  let port = 0;
  const received: { to: string; body: string }[] = [];
  /** While set, the SMTP server holds each message's answer until it resolves. */
  let hold: Promise<void> | null = null;
  let arrived = 0;
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith("refused")) return callback(Object.assign(new Error("550 no such mailbox"), { responseCode: 550 }));
        callback();
      },
      onData(stream, session, done) {
        let body = "";
        stream.on("data", (c: Buffer) => (body += c.toString()));
        stream.on("end", () => {
          arrived++;
          void (hold ?? Promise.resolve()).then(() => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), body });
            done();
          });
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
    port = (smtp.server.address() as { port: number }).port;
  });
  afterAll(async () => new Promise<void>((resolve) => smtp.close(() => resolve())));

  const mailsTo = (to: string) => received.filter((m) => m.to === to);
  /** One Parley process over the database, wired as server/main.ts wires it (its worker not started). */
  const parley = (db: Database) =>
    composeApp({
      db,
      logger: createLogger("silent"),
      secret: TEST_SECRET,
      rolesDir: join(import.meta.dirname, "../../roles"),
      publicUrl: "https://parley.example.edu",
      mailer: smtpMailer(`smtp://127.0.0.1:${port}`, "Parley <parley@example.edu>"),
    });
  let db: Database;
  let admin: Actor;
  beforeAll(async () => {
    db = await openTestDatabase("sqlite");
    const user = await db.prisma.user.create({ data: { displayName: "Ada", email: "ada@example.test", systemRole: "admin" } });
    admin = { userId: user.id, systemRole: "admin", seats: [] };
  });
  afterAll(async () => db.close());

  it("queues the invitation with its link in one transaction; the worker sends it once through a real SMTP server, and it is still shown", async () => {
    const app = parley(db);
    const invited = await app.services.accounts.invite(admin, { email: "oren@example.test", role: "facilitator" });
    if (!invited.ok) throw new Error(invited.message);
    expect(invited.data.emailed).toBe(true);
    const link = await db.prisma.accountLink.findFirstOrThrow({ where: { email: "oren@example.test" } });
    const queued = await db.prisma.effect.findUniqueOrThrow({ where: { dedupeKey: `account-link:${link.id}` } });
    expect(queued).toMatchObject({ kind: "email.send", doneAt: null, attempts: 0 });
    // Nothing is sent inline: the worker sends it after the commit.
    expect(mailsTo("oren@example.test")).toHaveLength(0);
    app.effects.start();
    try {
      await waitUntil("the invitation to arrive", () => mailsTo("oren@example.test").length === 1);
      await app.effects.runDue();
    } finally {
      await app.effects.stop();
    }
    expect(mailsTo("oren@example.test")).toHaveLength(1);
    expect(mailsTo("oren@example.test")[0]!.body.replace(/=\r?\n/g, "")).toContain(invited.data.url);
    // Sent, the effect keeps no copy of the link: only its hash stays in the database.
    const done = await db.prisma.effect.findUniqueOrThrow({ where: { id: queued.id } });
    expect(done).toMatchObject({ attempts: 1, payload: "{}" });
    expect(done.doneAt).not.toBeNull();
    expect(JSON.stringify(await db.prisma.effect.findMany())).not.toContain(invited.data.url.split("/").at(-1)!);
  });

  it("sends a reset link exactly once when its worker is stopped while sending it and another starts, and one queued while no worker ran", async () => {
    const target = await db.prisma.user.create({
      data: { displayName: "Bea", email: "bea@example.test", systemRole: "facilitator", passwordHash: await hashPassword(PASSWORD) },
    });
    const before = parley(db);
    before.effects.start();
    let release!: () => void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const seen = arrived;
    const reset = await before.services.accounts.resetLink(admin, target.id);
    if (!reset.ok) throw new Error(reset.message);
    expect(reset.data.emailed).toBe(true);
    // The message has reached the SMTP server, which has not answered yet: stop the process.
    await waitUntil("the reset mail to reach the SMTP server", () => arrived === seen + 1);
    const stopping = before.effects.stop();
    // No worker now: an invitation is queued and waits.
    const invited = await before.services.accounts.invite(admin, { email: "cai@example.test", role: "observer" });
    if (!invited.ok) throw new Error(invited.message);
    release();
    hold = null;
    await stopping;
    expect(mailsTo("bea@example.test")).toHaveLength(1);
    expect(mailsTo("cai@example.test")).toHaveLength(0);

    // The next process: it sends what was queued, and nothing twice.
    const after = parley(db);
    after.effects.start();
    try {
      await waitUntil("the queued invitation to arrive", () => mailsTo("cai@example.test").length === 1);
      await after.effects.runDue();
    } finally {
      await after.effects.stop();
    }
    expect(mailsTo("bea@example.test")).toHaveLength(1);
    expect(mailsTo("cai@example.test")).toHaveLength(1);
    expect(await db.prisma.effect.count({ where: { doneAt: null } })).toBe(0);
  });

  it("keeps an address the SMTP server refuses queued for a later attempt, with the server's answer", async () => {
    const app = parley(db);
    const invited = await app.services.accounts.invite(admin, { email: "refused@example.test", role: "observer" });
    if (!invited.ok) throw new Error(invited.message);
    const started = Date.now();
    await app.effects.runDue();
    const link = await db.prisma.accountLink.findFirstOrThrow({ where: { email: "refused@example.test" } });
    const effect = await db.prisma.effect.findUniqueOrThrow({ where: { dedupeKey: `account-link:${link.id}` } });
    expect(effect).toMatchObject({ attempts: 1, doneAt: null, failedAt: null, leasedBy: null });
    expect(effect.lastError).toContain("550");
    expect(effect.runAt.getTime()).toBeGreaterThanOrEqual(started + 5_000);
    expect(mailsTo("refused@example.test")).toHaveLength(0);
    await app.effects.stop();
  });
});
