// A session ends at sign-out and, at the latest, SESSION_ABSOLUTE_MAX_AGE_S after its
// sign-in, however often next-auth re-mints its token, for every reader: the route/page/
// socket reader (fromCookieHeader) and next-auth's own session endpoint (jwt callback).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Session } from "next-auth";
import { decode, encode, type JWT } from "next-auth/jwt";
import type { AppContext } from "../../server/app-context";
import { encodeSession, SESSION_ABSOLUTE_MAX_AGE_S, SESSION_COOKIE, type SessionUser } from "../../server/auth/session-token";
import { AUTH_TEST_SECRET, composeAuthApp, readSessionEndpoint } from "../helpers/auth-app";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("session lifetime", () => {
  let app: AppContext;
  let start: number;

  beforeAll(async () => {
    app = await composeAuthApp();
  });
  afterAll(async () => app.db.close());
  afterEach(() => vi.useRealTimers());

  /** A fresh account per test, so one test's sign-out cannot end another's sessions. */
  async function person(name: string) {
    return app.db.prisma.user.create({ data: { email: `${name}@example.test`, displayName: name, systemRole: "facilitator" } });
  }

  /** Only Date moves: the database and next-auth's token times follow it. */
  function clockAt(offsetMs: number) {
    vi.setSystemTime(start + offsetMs);
  }
  function startClock() {
    vi.useFakeTimers({ toFake: ["Date"] });
    start = Math.floor(Date.now() / 1000) * 1000;
    clockAt(0);
  }

  const mint = (user: { id: string; displayName: string }, maxAgeS?: number) =>
    encodeSession({ userId: user.id, name: user.displayName, systemRole: "facilitator" }, AUTH_TEST_SECRET, maxAgeS);
  const read = (token: string | undefined): Promise<SessionUser | null> =>
    app.sessions.fromCookieHeader(`${SESSION_COOKIE}=${token ?? ""}`);
  const claims = async (token: string | undefined): Promise<JWT> => {
    const decoded = await decode({ token, secret: AUTH_TEST_SECRET });
    if (!decoded) throw new Error("not a session token");
    return decoded;
  };

  async function signOut(token: string) {
    const session: Session = { user: { id: "", name: "", role: "facilitator", exerciseId: null }, expires: new Date().toISOString() };
    await app.authOptions.events?.signOut?.({ token: await claims(token), session });
  }

  it("refuses a cookie copied before sign-out, and every token next-auth re-mints from it", async () => {
    startClock();
    const user = await person("ana");
    const stolen = await mint(user);
    clockAt(MINUTE);
    const remintedBefore = (await readSessionEndpoint(app, stolen)).token;
    expect(await read(remintedBefore)).toMatchObject({ userId: user.id });

    clockAt(2 * MINUTE);
    await signOut(stolen);

    clockAt(3 * MINUTE);
    // The endpoint's jwt callback refuses to re-mint: no session and no new cookie.
    const afterSignOut = await readSessionEndpoint(app, stolen);
    expect(afterSignOut).toEqual({ session: null, token: undefined });
    expect(await readSessionEndpoint(app, remintedBefore!)).toEqual({ session: null, token: undefined });
    // The route, page and socket reader refuses them too, also a token re-minted after
    // sign-out by other means: it carries the sign-in time, which revocation is about.
    const remintedAfter = await encode({ token: await claims(stolen), secret: AUTH_TEST_SECRET });
    expect((await claims(remintedAfter)).iat).toBeGreaterThan(start / 1000 + 120);
    for (const token of [stolen, remintedBefore, remintedAfter]) expect(await read(token)).toBeNull();
  });

  it("refuses a session past its absolute maximum age even while its token has not expired", async () => {
    startClock();
    const user = await person("bea");
    const longLived = await mint(user, 4 * SESSION_ABSOLUTE_MAX_AGE_S);
    clockAt(SESSION_ABSOLUTE_MAX_AGE_S * 1000 - MINUTE);
    expect(await read(longLived)).toMatchObject({ userId: user.id });

    clockAt(SESSION_ABSOLUTE_MAX_AGE_S * 1000 + MINUTE);
    expect((await claims(longLived)).exp).toBeGreaterThan(Date.now() / 1000);
    expect(await read(longLived)).toBeNull();
    expect(await readSessionEndpoint(app, longLived)).toEqual({ session: null, token: undefined });
  });

  it("does not let a session slide past its absolute maximum age by being re-minted", async () => {
    startClock();
    const user = await person("cal");
    let token: string | undefined = await mint(user);
    for (const at of [4 * HOUR, 8 * HOUR, SESSION_ABSOLUTE_MAX_AGE_S * 1000 - MINUTE]) {
      clockAt(at);
      token = (await readSessionEndpoint(app, token!)).token;
      expect(token).toBeDefined();
    }
    // Each re-minted token would live another SESSION_MAX_AGE_S; the session does not.
    clockAt(SESSION_ABSOLUTE_MAX_AGE_S * 1000 + MINUTE);
    expect(await read(token)).toBeNull();
    expect(await readSessionEndpoint(app, token!)).toEqual({ session: null, token: undefined });
  });

  it("keeps the time of sign-in when next-auth re-mints the token", async () => {
    startClock();
    const user = await person("dee");
    const jwt = app.authOptions.callbacks?.jwt;
    if (!jwt) throw new Error("no jwt callback");
    // Sign-in: next-auth calls the callback with the user that authorize returned.
    const signedIn = await jwt({
      token: { sub: user.id, name: user.displayName },
      user: { id: user.id, name: user.displayName, role: "facilitator" },
      account: { provider: "password", type: "credentials", providerAccountId: user.id },
    });
    expect(signedIn.authTime).toBe(start / 1000);

    clockAt(HOUR);
    const reminted = (await readSessionEndpoint(app, await encode({ token: signedIn, secret: AUTH_TEST_SECRET }))).token;
    expect(await claims(reminted)).toMatchObject({ authTime: start / 1000, iat: start / 1000 + 3600 });
    expect(await read(reminted)).toMatchObject({ authTime: start / 1000, expiresAt: start / 1000 + SESSION_ABSOLUTE_MAX_AGE_S });
  });
});
