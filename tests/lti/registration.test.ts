// Registering learning platforms: administrators only, every field validated (nothing
// stored on a refusal), one registration per issuer and client id; Parley's keys published.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformInputSchema } from "../../server/lti/platform.schema";
import { startLtiParley, type LtiParley } from "./parley-http";

const valid = {
  name: "University Moodle",
  issuer: "https://moodle.uni.example",
  clientId: "aBcD1234",
  deploymentIds: ["1", " 2 "],
  authLoginUrl: "https://moodle.uni.example/mod/lti/auth.php",
  accessTokenUrl: "https://moodle.uni.example/mod/lti/token.php",
  jwksUrl: "https://moodle.uni.example/mod/lti/certs.php",
};

describe("LTI platform registration", () => {
  let parley: LtiParley;
  let admin: string;
  let facilitator: string;
  const stored = () => parley.context.db.prisma.ltiPlatform.count();
  const call = (path: string, init: { method?: string; cookie?: string; body?: unknown; origin?: string }) =>
    fetch(`${parley.url}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {
        origin: init.origin ?? parley.url,
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  beforeAll(async () => {
    parley = await startLtiParley();
    const users = parley.context.services.users;
    admin = await parley.cookieFor(await users.create({ displayName: "Admin", email: "admin@parley.example", systemRole: "admin" }));
    facilitator = await parley.cookieFor(
      await users.create({ displayName: "Fac", email: "fac@parley.example", systemRole: "facilitator" }),
    );
  });
  afterAll(async () => parley.close());

  it("refuses anyone but an administrator", async () => {
    expect((await call("/api/lti/platforms", { cookie: facilitator, body: valid })).status).toBe(403);
    expect((await call("/api/lti/platforms", { body: valid })).status).toBe(401);
    expect((await call("/api/lti/platforms", { cookie: facilitator })).status).toBe(403);
    expect((await call("/api/lti/platforms", { cookie: admin, body: valid, origin: "https://evil.example" })).status).toBe(403);
    expect(await stored()).toBe(0);
  });

  it("refuses an incomplete or malformed registration with the fields named, storing nothing", async () => {
    const response = await call("/api/lti/platforms", {
      cookie: admin,
      body: { ...valid, issuer: "moodle", deploymentIds: [], jwksUrl: "ftp://x.example/keys" },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; issues: { path: string }[] };
    expect(body.code).toBe("invalid_payload");
    expect(body.issues.map((i) => i.path).sort()).toEqual(["deploymentIds", "issuer", "jwksUrl"]);
    expect((await call("/api/lti/platforms", { cookie: admin, body: "not json" })).status).toBe(400);
    expect(await stored()).toBe(0);
  });

  it("registers, lists, changes and removes a platform; one registration per issuer and client id", async () => {
    const created = await call("/api/lti/platforms", { cookie: admin, body: valid });
    expect(created.status).toBe(201);
    const { id } = ((await created.json()) as { data: { id: string } }).data;
    expect((await call("/api/lti/platforms", { cookie: admin, body: valid })).status).toBe(409);
    const listed = (await (await call("/api/lti/platforms", { cookie: admin })).json()) as {
      data: { id: string; deploymentIds: string[]; links: number }[];
    };
    expect(listed.data).toEqual([expect.objectContaining({ id, deploymentIds: ["1", "2"], links: 0 })]);
    const changed = await call(`/api/lti/platforms/${id}`, { method: "PUT", cookie: admin, body: { ...valid, deploymentIds: ["3"] } });
    expect(changed.status).toBe(200);
    expect((await parley.context.db.prisma.ltiPlatform.findUniqueOrThrow({ where: { id } })).deploymentIds).toBe('["3"]');
    expect((await call(`/api/lti/platforms/${id}`, { method: "DELETE", cookie: facilitator })).status).toBe(403);
    expect((await call(`/api/lti/platforms/${id}`, { method: "DELETE", cookie: admin })).status).toBe(200);
    expect((await call(`/api/lti/platforms/${id}`, { method: "DELETE", cookie: admin })).status).toBe(404);
    expect(await stored()).toBe(0);
    const audited = await parley.context.db.prisma.auditEntry.findMany({
      where: { action: { startsWith: "lti.platform" } },
      orderBy: { createdAt: "asc" },
    });
    expect(audited.map((a) => a.action)).toEqual(["lti.platform-registered", "lti.platform-changed", "lti.platform-removed"]);
  });

  it("requires https endpoints when Parley is served over https, except on this machine", () => {
    const strict = platformInputSchema({ requireHttps: true });
    expect(strict.safeParse({ ...valid, authLoginUrl: "http://moodle.uni.example/auth" }).success).toBe(false);
    expect(strict.safeParse({ ...valid, authLoginUrl: "http://127.0.0.1:8080/auth", jwksUrl: "http://localhost/keys" }).success).toBe(true);
    expect(platformInputSchema({ requireHttps: false }).safeParse({ ...valid, authLoginUrl: "http://lab.local/auth" }).success).toBe(true);
  });

  it("publishes Parley's public key, and only the public half", async () => {
    const response = await call("/api/lti/jwks", {});
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys).toEqual([
      expect.objectContaining({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String), n: expect.any(String), e: "AQAB" }),
    ]);
    expect(keys[0]).not.toHaveProperty("d");
    expect(keys[0]).not.toHaveProperty("p");
  });
});
