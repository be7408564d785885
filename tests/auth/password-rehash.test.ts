// Hashes made with older argon2 parameters are remade with today's at the next sign-in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hash, parseOptions } from "@node-rs/argon2";
import type { AppContext } from "../../server/app-context";
import { needsRehash, verifyPassword } from "../../server/auth/password";
import { authorizeWith, composeAuthApp } from "../helpers/auth-app";

const PASSWORD = "correct horse battery staple";
const from = { headers: { "x-parley-client-ip": "10.3.0.1" } };

describe("password rehash on sign-in", () => {
  let app: AppContext;
  beforeAll(async () => {
    app = await composeAuthApp();
  });
  afterAll(async () => app.db.close());

  it("stores a hash with today's parameters after signing in with one made with weaker ones", async () => {
    const weak = await hash(PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(needsRehash(weak)).toBe(true);
    const user = await app.db.prisma.user.create({
      data: { email: "ana@example.test", displayName: "Ana", systemRole: "facilitator", passwordHash: weak },
    });
    const stored = async () => (await app.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash ?? "";

    const signIn = authorizeWith(app, "password");
    expect(await signIn({ email: "ana@example.test", password: "not the password" }, from)).toBeNull();
    expect(await stored()).toBe(weak); // a wrong password changes nothing

    expect(await signIn({ email: "ana@example.test", password: PASSWORD }, from)).toMatchObject({ id: user.id });
    const remade = await stored();
    expect(remade).not.toBe(weak);
    expect(parseOptions(remade)).toMatchObject({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(needsRehash(remade)).toBe(false);
    expect(await verifyPassword(remade, PASSWORD)).toBe(true);

    expect(await signIn({ email: "ana@example.test", password: PASSWORD }, from)).toMatchObject({ id: user.id });
    expect(await stored()).toBe(remade); // a current hash is kept
  });
});
