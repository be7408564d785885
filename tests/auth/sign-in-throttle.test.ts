// Password guessing is throttled per account and per client address, before any
// password is checked, and a cluster counts attempts in the Redis its nodes share.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createClient } from "redis";
import type { AppContext } from "../../server/app-context";
import { createAccount } from "../../server/auth/accounts";
import { verifyPassword } from "../../server/auth/password";
import type * as Password from "../../server/auth/password";
import { createSignInThrottle, SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_WINDOW_S } from "../../server/auth/sign-in-throttle";
import { authorizeWith, composeAuthApp } from "../helpers/auth-app";
import { deleteRedisKeys, REDIS_URL, testPrefix } from "../helpers/redis";

// Counts the argon2 verifications, to show that a throttled attempt runs none.
vi.mock("../../server/auth/password", async (importOriginal) => {
  const original = await importOriginal<typeof Password>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});

const PASSWORD = "correct horse battery staple";
const from = (ip: string) => ({ headers: { "x-parley-client-ip": ip } });

describe("password sign-in throttle", () => {
  let app: AppContext;
  beforeAll(async () => {
    app = await composeAuthApp();
    for (const email of ["ana@example.test", "bea@example.test"]) {
      expect(await createAccount(app.db.prisma, { email, displayName: email, password: PASSWORD })).toMatchObject({ ok: true });
    }
  });
  afterAll(async () => app.db.close());

  it("refuses the attempt after 5 wrong passwords at one account as throttled, even with the right password, but not another account from that address", async () => {
    const signIn = authorizeWith(app, "password");
    const verifications = vi.mocked(verifyPassword);
    verifications.mockClear();
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT; i++) {
      expect(await signIn({ email: "ana@example.test", password: `wrong ${i}` }, from("10.0.0.1"))).toBeNull();
    }
    expect(verifications).toHaveBeenCalledTimes(SIGN_IN_FAILURES_PER_ACCOUNT);

    await expect(signIn({ email: "ana@example.test", password: PASSWORD }, from("10.0.0.1"))).rejects.toThrow(/^rate_limited:\d+$/);
    await expect(signIn({ email: "ANA@example.test", password: PASSWORD }, from("10.0.0.2"))).rejects.toThrow(/^rate_limited:\d+$/);
    expect(verifications).toHaveBeenCalledTimes(SIGN_IN_FAILURES_PER_ACCOUNT);

    expect(await signIn({ email: "bea@example.test", password: PASSWORD }, from("10.0.0.1"))).toMatchObject({ email: "bea@example.test" });
  });

  it("does not let attempts sent all at once exceed an account's limit", async () => {
    const throttle = createSignInThrottle();
    const attempts = await Promise.all(Array.from({ length: 12 }, (_, i) => throttle.attempt("eve@example.test", `10.2.0.${i}`)));
    expect(attempts.filter((a) => a.ok)).toHaveLength(SIGN_IN_FAILURES_PER_ACCOUNT);
  });
});

describe("password sign-in throttle in Redis", () => {
  const prefix = testPrefix("sign-in");
  const clients: ReturnType<typeof createClient>[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) clients.push(await createClient({ url: REDIS_URL }).connect());
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
    await deleteRedisKeys(prefix);
  });

  it("counts one account's failed attempts on every node together", async () => {
    const [a, b] = clients.map((redis) => createSignInThrottle({ redis, keyPrefix: prefix }));
    const nodes = [a!, b!, a!, b!, a!];
    for (const [i, node] of nodes.entries()) {
      expect(await node.attempt("cal@example.test", `10.1.0.${i}`)).toMatchObject({ ok: true });
    }
    for (const node of [a!, b!]) {
      const refused = await node.attempt("Cal@Example.test", "10.1.0.9");
      expect(refused).toMatchObject({ ok: false });
      if (!refused.ok) expect(refused.retryAfterS).toBeGreaterThan(0);
      if (!refused.ok) expect(refused.retryAfterS).toBeLessThanOrEqual(SIGN_IN_WINDOW_S);
    }
    expect(await b!.attempt("dee@example.test", "10.1.0.9")).toMatchObject({ ok: true });
  });
});
