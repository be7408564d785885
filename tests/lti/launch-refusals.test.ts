// Launches Parley must refuse: forged, replayed, expired, or for another deployment,
// audience or issuer. Each refusal is a clear page with a 4xx status, and nothing was
// made: no account, no identity, no seat, no session cookie.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instructor, learner, startLtiWorld, type LtiWorld } from "./lti-fixture";
import { startTestPlatform, toolUrlsOf, type LaunchOptions, type PlacedLink } from "./test-platform";

const LTI = "https://purl.imsglobal.org/spec/lti/claim/";

describe("LTI launch refusals", () => {
  let world: LtiWorld;
  let link: PlacedLink;
  let n = 100;
  const db = () => world.parley.context.db.prisma;
  const counts = async () => ({
    users: await db().user.count(),
    identities: await db().ltiIdentity.count(),
    seats: await db().roleAssignment.count(),
  });
  const someone = () => learner(++n);

  /** Runs a launch that must be refused; returns Parley's page. */
  async function refused(options: Omit<LaunchOptions, "user">, status: number, stage: "login" | "launch" = "launch"): Promise<string> {
    const before = await counts();
    const out = await world.platform.launch({ user: someone(), link, ...options });
    expect(out.stage).toBe(stage);
    expect(out.response.status).toBe(status);
    expect(out.cookie).toBeUndefined();
    expect(await counts()).toEqual(before);
    return out.response.text();
  }

  beforeAll(async () => {
    world = await startLtiWorld();
    ({ link } = await world.place(instructor()));
  });
  afterAll(async () => world.close());

  it("refuses an id token signed by a key the platform does not publish", async () => {
    expect(await refused({ signWith: "stranger" }, 401)).toContain("not signed with the platform");
  });

  it("refuses a replayed launch (the same id token and state again)", async () => {
    const first = await world.platform.launch({ user: someone(), link });
    expect(first.response.status).toBe(303);
    const before = await counts();
    const replay = await world.platform.postLaunch({ id_token: first.idToken ?? "", state: first.state ?? "" });
    expect(replay.status).toBe(401);
    expect(replay.headers.getSetCookie()).toEqual([]);
    expect(await replay.text()).toContain("already used");
    expect(await counts()).toEqual(before);
  });

  it("refuses a replayed nonce under a fresh state", async () => {
    const first = await world.platform.launch({ user: someone(), link });
    const nonce = JSON.parse(Buffer.from((first.idToken ?? "").split(".")[1] ?? "", "base64url").toString()) as { nonce: string };
    expect(await refused({ alter: (c) => void (c.nonce = nonce.nonce) }, 401)).toContain("nonce");
  });

  it("refuses an expired id token", async () => {
    expect(await refused({ expiresInS: -600 }, 401)).toContain("expired");
  });

  it("refuses a launch whose state has expired (the login began too long ago)", async () => {
    const before = await counts();
    const prepared = await world.platform.prepareLaunch({ user: someone(), link });
    if ("refused" in prepared) throw new Error("login refused");
    world.parley.time.advance(11 * 60_000);
    try {
      const response = await world.platform.postLaunch({ id_token: prepared.fields.id_token ?? "", state: prepared.fields.state ?? "" });
      expect(response.status).toBe(401);
      expect(await counts()).toEqual(before);
    } finally {
      world.parley.time.advance(-11 * 60_000);
    }
  });

  it("refuses a deployment id the platform was not registered with, at login and in the token", async () => {
    expect(await refused({ deploymentId: "deployment-other" }, 401, "login")).toContain("deployment");
    expect(await refused({ alter: (c) => void (c[`${LTI}deployment_id`] = "deployment-other") }, 401)).toContain("deployment");
  });

  it("refuses an id token for another audience, or for several without Parley as authorized party", async () => {
    expect(await refused({ audience: "another-tool" }, 401)).toContain("client id");
    expect(await refused({ audience: [world.platform.clientId, "another-tool"] }, 401)).toContain("client id");
  });

  it("refuses an id token from another issuer, and a login from an unregistered platform", async () => {
    expect(await refused({ issuer: "https://lms.attacker.example" }, 401)).toContain("another platform");
    const stranger = await startTestPlatform({ tool: toolUrlsOf(world.parley.url) });
    try {
      const before = await counts();
      const out = await stranger.launch({ user: someone() });
      expect(out.stage).toBe("login");
      expect(out.response.status).toBe(401);
      expect(await counts()).toEqual(before);
    } finally {
      await stranger.close();
    }
  });

  it("refuses claims that are not LTI 1.3 and a link into another course", async () => {
    expect(await refused({ alter: (c) => void (c[`${LTI}version`] = "1.1") }, 400)).toContain("claims");
    expect(await refused({ alter: (c) => void (c[`${LTI}context`] = { id: "another-course", title: "Copied course" }) }, 403)).toContain(
      "another course",
    );
  });

  it("refuses a learner's deep linking request and a launch the platform sends to a foreign target", async () => {
    expect(await refused({ messageType: "LtiDeepLinkingRequest" }, 403)).toContain("instructor");
    expect(await refused({ link: { ...link, url: "https://elsewhere.example/launch" } }, 400, "login")).toContain("Parley address");
  });

  it("shows refusals in French to a French reader", async () => {
    const prepared = await world.platform.prepareLaunch({ user: someone(), link, signWith: "stranger" });
    if ("refused" in prepared) throw new Error("login refused");
    const response = await fetch(prepared.action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "fr-FR,fr;q=0.9" },
      body: new URLSearchParams(prepared.fields),
      redirect: "manual",
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('lang="fr"');
  });
});
