import { Writable } from "node:stream";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createAccount } from "../../server/auth/accounts";
import { composeApp } from "../../server/compose";
import { DEFAULT_JOIN_BACKOFF, memoryJoinBackoff } from "../../server/auth/join-backoff";
import { DEFAULT_PARTICIPANTS_PER_ROLE } from "../../server/auth/join.service";
import { newJoinCode } from "../../server/auth/join-code";
import type { AppContext } from "../../server/app-context";
import { openTestDatabase } from "../helpers/databases";
import { seedExercise } from "../helpers/fixtures";

const PASSWORD = "correct horse battery staple";

describe("accounts and joining", () => {
  let app: AppContext;
  const logLines: string[] = [];
  let offset = 0;
  const now = () => Date.now() + offset;

  beforeAll(async () => {
    const db = await openTestDatabase("sqlite");
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = composeApp({
      db,
      logger: pino({ level: "trace" }, sink),
      secret: "test-secret-that-is-long-enough-0123456789",
      rolesDir: join(import.meta.dirname, "../../roles"),
      joinBackoff: memoryJoinBackoff({ free: 3, windowMs: 60_000, maxWaitMs: 60_000 }, now),
    });
  });
  afterAll(async () => app.db.close());

  type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
  const authorizeWith = (id: string): Authorize => {
    // next-auth keeps a Credentials provider's own settings (id, authorize) under `options`.
    const providers = app.authOptions.providers as unknown as { options?: { id?: string; authorize?: Authorize } }[];
    const authorize = providers.find((p) => p.options?.id === id)?.options?.authorize;
    if (!authorize) throw new Error(`no credentials provider ${id}`);
    return authorize;
  };

  it("stores a password only as an argon2id hash and never logs it", async () => {
    const created = await createAccount(app.db.prisma, {
      email: "Ana@Example.test",
      displayName: "Ana",
      password: PASSWORD,
      role: "admin",
    });
    expect(created.ok).toBe(true);
    const row = await app.db.prisma.user.findUniqueOrThrow({ where: { email: "ana@example.test" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);

    const signIn = authorizeWith("password");
    expect(await signIn({ email: "ana@example.test", password: PASSWORD }, { headers: {} })).toMatchObject({ id: row.id, role: "admin" });
    expect(await signIn({ email: "ana@example.test", password: `${PASSWORD}!` }, { headers: {} })).toBeNull();
    expect(logLines.length).toBeGreaterThan(0); // the refused attempt was logged…
    expect(logLines.join("")).not.toContain(PASSWORD); // …without the password
  });

  it("refuses a second account with the same email", async () => {
    const again = await createAccount(app.db.prisma, { email: "ana@example.test", displayName: "Ana 2", password: PASSWORD });
    expect(again).toMatchObject({ ok: false, code: "conflict" });
  });

  it("joins a participant by code with an identity bound to that exercise", async () => {
    const { exercise } = await seedExercise(app.services);
    await app.services.exercises.transition(exercise.id, "lobby");
    const code = await app.services.exercises.setJoinCode(exercise.id, newJoinCode());
    const typed = `${code.slice(0, 5).toLowerCase()} ${code.slice(5)}`; // as people type it
    const user = await authorizeWith("join")({ code: typed, displayName: "Bea" }, { headers: { "x-parley-client-ip": "10.0.0.1" } });
    expect(user).toMatchObject({ name: "Bea", role: "participant", exerciseId: exercise.id });
    const seats = await app.services.assignments.seatsOf(exercise.id, (user as { id: string }).id);
    expect(seats).toEqual([{ seat: "participant" }]);
  });

  it("slows an address down after its free wrong codes (1 s, then 2 s …), and never locks a right code out for long", async () => {
    const { exercise } = await seedExercise(app.services);
    await app.services.exercises.transition(exercise.id, "lobby");
    const code = await app.services.exercises.setJoinCode(exercise.id, newJoinCode());
    const join = authorizeWith("join");
    const from = (ip: string) => ({ headers: { "x-parley-client-ip": ip } });
    const wrong = code.split("").reverse().join("");

    for (let i = 0; i < 3; i++) await expect(join({ code: wrong, displayName: "Mallory" }, from("10.9.9.9"))).rejects.toThrow("not_found");
    // The third wrong code used the budget: the next try from this address waits a second…
    await expect(join({ code: wrong, displayName: "Mallory" }, from("10.9.9.9"))).rejects.toThrow(/^rate_limited:1$/);
    // …even with the right code, while another address is unaffected.
    await expect(join({ code, displayName: "Mallory" }, from("10.9.9.9"))).rejects.toThrow(/^rate_limited:1$/);
    await expect(join({ code, displayName: "Carl" }, from("10.1.1.1"))).resolves.toMatchObject({ name: "Carl" });
    // A second later one more wrong code is looked at, and the wait doubles.
    offset += 1_000;
    await expect(join({ code: wrong, displayName: "Mallory" }, from("10.9.9.9"))).rejects.toThrow("not_found");
    await expect(join({ code, displayName: "Dana" }, from("10.9.9.9"))).rejects.toThrow(/^rate_limited:2$/);
    // Once it has passed, the right code gets in: a class behind one address is slowed, not locked out.
    offset += 2_000;
    await expect(join({ code, displayName: "Dana" }, from("10.9.9.9"))).resolves.toMatchObject({ name: "Dana" });
  });

  it("does not let a code open an exercise that is not in its lobby or running", async () => {
    const { exercise } = await seedExercise(app.services);
    const code = await app.services.exercises.setJoinCode(exercise.id, newJoinCode()); // still a draft
    await expect(authorizeWith("join")({ code, displayName: "Dee" }, { headers: { "x-parley-client-ip": "10.2.2.2" } })).rejects.toThrow(
      "not_found",
    );
  });
});

describe("join-code throttle at the default limit", () => {
  let app: AppContext;
  beforeAll(async () => {
    app = composeApp({
      db: await openTestDatabase("sqlite"),
      logger: pino({ level: "silent" }),
      secret: "test-secret-that-is-long-enough-0123456789",
      rolesDir: join(import.meta.dirname, "../../roles"),
    });
  });
  afterAll(async () => app.db.close());

  it("gives one address (a seminar room behind NAT) a class-sized budget of wrong codes, then a short wait", async () => {
    const budget = DEFAULT_JOIN_BACKOFF.free;
    expect(budget).toBeGreaterThanOrEqual(50);
    const { exercise } = await seedExercise(app.services);
    await app.services.exercises.transition(exercise.id, "lobby");
    const code = await app.services.exercises.setJoinCode(exercise.id, newJoinCode());
    const wrong = code.split("").reverse().join("");
    const codes: string[] = [];
    for (let i = 0; i <= budget; i++) {
      const result = await app.services.joins.join({ code: wrong, displayName: "Mallory" }, "10.7.7.7");
      codes.push(result.ok ? "ok" : result.code);
    }
    expect(codes).toEqual([...Array<string>(budget).fill("not_found"), "rate_limited"]);
    const refused = await app.services.joins.join({ code, displayName: "Student" }, "10.7.7.7");
    expect(refused).toMatchObject({ ok: false, code: "rate_limited", retryAfterS: 1 });
  });

  it("does not let wrong codes sent all at once test more than the budget", async () => {
    const budget = DEFAULT_JOIN_BACKOFF.free;
    const results = await Promise.all(
      Array.from({ length: budget + 5 }, () => app.services.joins.join({ code: "ZZZZZ-ZZZZZ", displayName: "Mallory" }, "10.8.8.8")),
    );
    expect(results.filter((r) => !r.ok && r.code === "not_found")).toHaveLength(budget);
    expect(results.filter((r) => !r.ok && r.code === "rate_limited")).toHaveLength(5);
  });

  it("does not count right codes: a whole class joining from one address uses none of the budget", async () => {
    const { exercise } = await seedExercise(app.services);
    await app.services.exercises.transition(exercise.id, "lobby");
    const code = await app.services.exercises.setJoinCode(exercise.id, newJoinCode());
    const budget = DEFAULT_JOIN_BACKOFF.free;
    for (let i = 0; i < 8; i++)
      expect(await app.services.joins.join({ code, displayName: `S${i}` }, "10.6.6.6")).toMatchObject({ ok: true });
    const answers: string[] = [];
    for (let i = 0; i < budget; i++) {
      const result = await app.services.joins.join({ code: "ZZZZZ-ZZZZZ", displayName: "Typo" }, "10.6.6.6");
      answers.push(result.ok ? "ok" : result.code);
    }
    expect(answers).toEqual(Array<string>(budget).fill("not_found"));
  });

  it("admits no more people with a valid code than the exercise has room for", async () => {
    const { exercise } = await seedExercise(app.services);
    await app.services.exercises.transition(exercise.id, "lobby");
    const code = await app.services.exercises.setJoinCode(exercise.id, newJoinCode());
    const scenario = await app.db.prisma.scenario.findUniqueOrThrow({ where: { id: exercise.scenarioId } });
    const cap = (JSON.parse(scenario.definition) as { roles: unknown[] }).roles.length * DEFAULT_PARTICIPANTS_PER_ROLE;
    expect(cap).toBeGreaterThan(0);
    const answers: string[] = [];
    for (let i = 0; i <= cap; i++) {
      const result = await app.services.joins.join({ code, displayName: `Student ${i}` }, `10.9.${i}.1`);
      answers.push(result.ok ? "ok" : result.code);
    }
    expect(answers).toEqual([...Array<string>(cap).fill("ok"), "full"]);
  });
});

describe("join code rotation", () => {
  it("lets the facilitator replace the code: the old one admits nobody, the new one works", async () => {
    const { startTestServer, TEST_ORIGIN } = await import("../helpers/test-server");
    const { seedCast } = await import("../helpers/seed-exercise");
    const joinCodeRoute = await import("../../app/api/exercises/[id]/join-code/route");
    const server = await startTestServer("sqlite", { joinLimit: 100 });
    try {
      const cast = await seedCast(server);
      const before = (await server.db.prisma.exercise.findUniqueOrThrow({ where: { id: cast.exerciseId } })).joinCode!;
      const call = (label: string) =>
        joinCodeRoute.POST(
          new Request("http://parley.test", { method: "POST", headers: { cookie: cast.byLabel(label).cookie!, origin: TEST_ORIGIN } }),
          { params: Promise.resolve({ id: cast.exerciseId }) },
        );
      expect((await call("participant as host-nation")).status).toBe(403);
      const res = await call("facilitator");
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: { joinCode: string } };
      expect(data.joinCode).not.toBe(before);
      const joins = server.context.services.joins;
      expect(await joins.join({ code: before, displayName: "Late" }, "ip-rotation")).toMatchObject({ ok: false, code: "not_found" });
      expect(await joins.join({ code: data.joinCode, displayName: "Late" }, "ip-rotation")).toMatchObject({ ok: true });
    } finally {
      await server.close();
    }
  });
});
