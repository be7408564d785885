// A test LMS written from the IMS specifications (LTI 1.3 Core, Security Framework, Deep
// Linking 2.0, AGS 2.0, NRPS 2.0): a real HTTP server on 127.0.0.1 with its own RS256 keys.
// It serves its JWKS, an OIDC authentication endpoint, a token endpoint, NRPS and AGS;
// records the scores and deep linking answers it receives; and drives launches the way a
// browser would (or hands a browser the address where one begins).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import { createDeepLinkReturn } from "./platform/deep-linking";
import { formOf, sendJson } from "./platform/http";
import { authEndpoint, initiateEndpoint, initiationUrl, launchClaims, signIdToken } from "./platform/oidc";
import { createServiceEndpoints } from "./platform/services";
import type { LaunchOptions, PlatformState, PlatformUser, ToolUrls } from "./platform/state";

export { ROLES, SCOPES, toolUrlsOf, type LaunchOptions, type PlacedLink, type PlatformUser, type ToolUrls } from "./platform/state";

export interface LaunchOutcome {
  /** "login": Parley refused the login initiation; "launch": Parley answered the id token. */
  stage: "login" | "launch";
  response: Response;
  idToken?: string;
  state?: string;
  /** `name=value` of the session cookie Parley set, if it did. */
  cookie?: string;
  location?: string | null;
}

export async function startTestPlatform(options: { tool: ToolUrls; clientId?: string; deploymentId?: string }) {
  const platformKeys = await generateKeyPair("RS256", { extractable: true });
  const stranger = await generateKeyPair("RS256");
  const kid = randomUUID();
  let offset = 0;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state: PlatformState = {
    base,
    issuer: base,
    clientId: options.clientId ?? `parley-${randomUUID().slice(0, 8)}`,
    deploymentId: options.deploymentId ?? "deployment-1",
    tool: options.tool,
    time: { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) },
    keys: {
      kid,
      platform: platformKeys.privateKey,
      publicJwk: { ...(await exportJWK(platformKeys.publicKey)), kid, alg: "RS256", use: "sig" },
      stranger: stranger.privateKey,
    },
    course: { id: `course-${randomUUID().slice(0, 8)}`, title: "Crisis Diplomacy 301", label: "IR301", members: new Map() },
    pending: new Map(),
    links: [],
    lineItems: [],
    scores: [],
    deepLinkResponses: [],
    launchedDeepLinks: new Set(),
    tokens: new Map(),
    tokenRequests: 0,
    seenJtis: new Set(),
    scoreFailures: { remaining: 0, status: 500 },
  };
  const services = createServiceEndpoints(state);
  const deepLinkReturn = createDeepLinkReturn(state, new Set());
  const prepared = new Map<string, string>();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", base);
    const path = url.pathname;
    if (req.method === "GET" && path === "/jwks") return sendJson(res, 200, { keys: [state.keys.publicJwk] });
    if (req.method === "GET" && path === "/auth") return authEndpoint(state, req, res);
    if (req.method === "GET" && path === "/initiate") return initiateEndpoint(state, req, res, prepared);
    if (req.method === "POST" && path === "/token") return services.token(req, res);
    if (req.method === "POST" && path === "/deep-link-return") return deepLinkReturn(req, res);
    if (req.method === "GET" && path === `/nrps/${state.course.id}/memberships`) return services.memberships(req, res, url);
    if (path === `/ags/${state.course.id}/lineitems`) return services.lineItems(req, res, url);
    const scores = new RegExp(`^/ags/${state.course.id}/lineitems/(\\d+)/scores$`).exec(path);
    if (req.method === "POST" && scores) return services.scores(req, res, `${base}/ags/${state.course.id}/lineitems/${scores[1]}`);
    sendJson(res, 404, { error: "not found" });
  }
  server.on("request", (req, res) => {
    route(req, res).catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
  });

  const join = (user: PlatformUser) => {
    if (!state.course.members.has(user.sub)) state.course.members.set(user.sub, user);
  };
  /** What the browser does with a form page: post it (cross-site, from the platform's origin). */
  const postForm = (action: string, fields: Record<string, string>) =>
    fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: new URLSearchParams(fields),
      redirect: "manual",
    });

  /** A launch up to the form the browser is about to post to Parley (or Parley's refusal of the login). */
  async function prepareLaunch(launch: LaunchOptions): Promise<{ refused: Response } | { action: string; fields: Record<string, string> }> {
    join(launch.user);
    const login = await fetch(initiationUrl(state, launch), { redirect: "manual" });
    if (login.status !== 303 && login.status !== 302) return { refused: login };
    const auth = await fetch(login.headers.get("location") ?? "", { redirect: "manual" });
    if (auth.status !== 200) throw new Error(`the platform refused the authentication request: ${await auth.text()}`);
    return formOf(await auth.text());
  }

  return {
    base,
    issuer: state.issuer,
    clientId: state.clientId,
    deploymentId: state.deploymentId,
    course: state.course,
    time: state.time,
    links: state.links,
    lineItems: state.lineItems,
    scores: state.scores,
    deepLinkResponses: state.deepLinkResponses,
    get tokenRequests() {
      return state.tokenRequests;
    },
    /** What an administrator enters in Parley to register this platform. */
    registration(name = "Test LMS") {
      return {
        name,
        issuer: state.issuer,
        clientId: state.clientId,
        deploymentIds: [state.deploymentId],
        authLoginUrl: `${base}/auth`,
        accessTokenUrl: `${base}/token`,
        jwksUrl: `${base}/jwks`,
      };
    },
    addMember: join,
    /** For a browser: opening this platform address begins the launch (it redirects to Parley's login initiation). */
    browserLaunchUrl(launch: LaunchOptions): string {
      join(launch.user);
      const id = randomUUID();
      prepared.set(id, initiationUrl(state, launch));
      return `${base}/initiate?launch=${id}`;
    },
    prepareLaunch,
    /** The whole launch over HTTP, as a browser: login initiation, authentication, the form post. Parley's last answer is not followed. */
    async launch(launch: LaunchOptions): Promise<LaunchOutcome> {
      const prepared = await prepareLaunch(launch);
      if ("refused" in prepared) return { stage: "login", response: prepared.refused };
      const { action, fields } = prepared;
      const response = await postForm(action, fields);
      const cookie = response.headers.getSetCookie()[0]?.split(";")[0];
      return {
        stage: "launch",
        response,
        idToken: fields.id_token,
        state: fields.state,
        location: response.headers.get("location"),
        ...(cookie ? { cookie } : {}),
      };
    },
    /** Posts an id token and state to Parley's launch URL directly (replays, forged tokens). */
    postLaunch: (fields: { id_token: string; state: string }) => postForm(state.tool.launchUrl, fields),
    /** Claims and a signed id token, for launches assembled by hand. */
    claimsFor: (launch: LaunchOptions, nonce: string) => launchClaims(state, launch, nonce, randomUUID()),
    signIdToken: (claims: Record<string, unknown>, launch: Pick<LaunchOptions, "signWith" | "expiresInS" | "audience" | "issuer"> = {}) =>
      signIdToken(state, claims, launch),
    /** The browser posting the tool's deep linking answer back to the platform. */
    returnDeepLink: (returnUrl: string, jwt: string) => postForm(returnUrl, { JWT: jwt }),
    /** The next `count` scores are answered with `status` (the gradebook is down). */
    failNextScores(count: number, status = 500) {
      state.scoreFailures = { remaining: count, status };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;
