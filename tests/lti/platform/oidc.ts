// The test LMS's side of an LTI 1.3 launch (IMS LTI 1.3 Core §5, Security Framework §5.1):
// third-party initiated login, the authentication request it validates, and the id token
// it signs and hands to the browser as an auto-submitting form.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SignJWT } from "jose";
import { z } from "zod";
import { escapeHtml, sendHtml } from "./http";
import { SCOPES, type LaunchOptions, type PlatformState } from "./state";

const LTI = "https://purl.imsglobal.org/spec/lti/claim/";

/** The claims a launch carries (before `alter`), as Moodle and Canvas send them. */
export function launchClaims(state: PlatformState, options: LaunchOptions, nonce: string, hint: string): Record<string, unknown> {
  const { user, link } = options;
  const messageType = options.messageType ?? "LtiResourceLinkRequest";
  const { base, course } = state;
  const claims: Record<string, unknown> = {
    sub: user.sub,
    nonce,
    ...(user.name ? { name: user.name } : {}),
    ...(user.given_name ? { given_name: user.given_name } : {}),
    ...(user.family_name ? { family_name: user.family_name } : {}),
    ...(user.email ? { email: user.email } : {}),
    [`${LTI}message_type`]: messageType,
    [`${LTI}version`]: "1.3.0",
    [`${LTI}deployment_id`]: options.deploymentId ?? state.deploymentId,
    [`${LTI}target_link_uri`]: link?.url ?? state.tool.launchUrl,
    [`${LTI}roles`]: user.roles,
    [`${LTI}context`]: {
      id: course.id,
      label: course.label,
      title: course.title,
      type: ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
    },
    [`${LTI}tool_platform`]: { guid: "test-lms", name: "Test LMS", product_family_code: "parley-tests" },
    [`${LTI}launch_presentation`]: { document_target: "window", return_url: `${base}/course` },
    "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
      context_memberships_url: `${base}/nrps/${course.id}/memberships`,
      service_versions: ["2.0"],
    },
    "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
      scope: [SCOPES.lineItem, SCOPES.lineItemRead, SCOPES.resultRead, SCOPES.score],
      lineitems: `${base}/ags/${course.id}/lineitems`,
      ...(link?.lineItemUrl ? { lineitem: link.lineItemUrl } : {}),
    },
  };
  if (messageType === "LtiDeepLinkingRequest") {
    state.launchedDeepLinks.add(hint);
    claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
      deep_link_return_url: `${base}/deep-link-return`,
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: ["iframe", "window"],
      accept_multiple: false,
      auto_create: true,
      // Echoed back by the tool: it tells the platform which launch the answer belongs to.
      data: hint,
    };
  } else if (link) {
    claims[`${LTI}resource_link`] = { id: link.resourceLinkId, title: link.title };
    claims[`${LTI}custom`] = link.custom;
  }
  options.alter?.(claims);
  return claims;
}

export async function signIdToken(
  state: PlatformState,
  claims: Record<string, unknown>,
  options: Pick<LaunchOptions, "signWith" | "expiresInS" | "audience" | "issuer"> = {},
): Promise<string> {
  const now = Math.floor(state.time.now() / 1000);
  const expiresIn = options.expiresInS ?? 300;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: state.keys.kid, typ: "JWT" })
    .setIssuer(options.issuer ?? state.issuer)
    .setAudience(options.audience ?? state.clientId)
    .setIssuedAt(expiresIn < 0 ? now + expiresIn - 60 : now)
    .setExpirationTime(now + expiresIn)
    .sign(options.signWith === "stranger" ? state.keys.stranger : state.keys.platform);
}

/** The login initiation request for a launch (what the platform sends the browser to). */
export function initiationUrl(state: PlatformState, options: LaunchOptions): string {
  const hint = randomUUID();
  state.pending.set(hint, options);
  const url = new URL(state.tool.loginUrl);
  url.searchParams.set("iss", state.issuer);
  url.searchParams.set("login_hint", options.user.sub);
  url.searchParams.set("target_link_uri", options.link?.url ?? state.tool.launchUrl);
  url.searchParams.set("lti_message_hint", hint);
  url.searchParams.set("client_id", state.clientId);
  url.searchParams.set("lti_deployment_id", options.deploymentId ?? state.deploymentId);
  return url.toString();
}

const authRequestSchema = z.object({
  scope: z.literal("openid"),
  response_type: z.literal("id_token"),
  response_mode: z.literal("form_post"),
  prompt: z.literal("none"),
  client_id: z.string(),
  redirect_uri: z.string(),
  login_hint: z.string(),
  lti_message_hint: z.string(),
  state: z.string().min(16),
  nonce: z.string().min(16),
});

/** GET /auth: the authentication request; answers with the form that posts the id token to the tool. */
export async function authEndpoint(state: PlatformState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = Object.fromEntries(new URL(req.url ?? "/", state.base).searchParams);
  const request = authRequestSchema.safeParse(params);
  if (!request.success) return sendHtml(res, 400, `invalid_request: ${escapeHtml(request.error.message)}`);
  const { client_id, redirect_uri, login_hint, lti_message_hint, nonce } = request.data;
  const options = state.pending.get(lti_message_hint);
  if (client_id !== state.clientId) return sendHtml(res, 400, "unauthorized_client");
  if (redirect_uri !== state.tool.launchUrl) return sendHtml(res, 400, "invalid redirect_uri");
  if (!options || options.user.sub !== login_hint) return sendHtml(res, 400, "login_required");
  state.pending.delete(lti_message_hint);
  const idToken = await signIdToken(state, launchClaims(state, options, nonce, lti_message_hint), options);
  sendHtml(
    res,
    200,
    `<!doctype html><html><body><form id="lti" method="post" action="${escapeHtml(redirect_uri)}">` +
      `<input type="hidden" name="id_token" value="${escapeHtml(idToken)}"><input type="hidden" name="state" value="${escapeHtml(request.data.state)}">` +
      `<noscript><button type="submit">Continue</button></noscript></form><script>document.getElementById("lti").submit()</script></body></html>`,
  );
}

/** GET /initiate?hint=…: a browser starts a prepared launch here (the platform's "open activity" link). */
export function initiateEndpoint(state: PlatformState, req: IncomingMessage, res: ServerResponse, prepared: Map<string, string>): void {
  const hint = new URL(req.url ?? "/", state.base).searchParams.get("launch") ?? "";
  const target = prepared.get(hint);
  if (!target) return sendHtml(res, 404, "no such launch");
  res.writeHead(302, { location: target }).end();
}
