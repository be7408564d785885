// The test LMS's services: the OAuth 2 token endpoint (client credentials with a JWT
// client assertion verified against the tool's JWKS), NRPS memberships with paging, and
// AGS line items and scores, each checking the bearer token and its scope.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { z } from "zod";
import { bearer, readBody, readForm, sendJson } from "./http";
import { SCOPES, type PlatformState } from "./state";

const TOKEN_LIFETIME_S = 3600;
const PAGE_SIZE = 2;

export function createServiceEndpoints(state: PlatformState) {
  const toolKeys = createRemoteJWKSet(new URL(state.tool.jwksUrl));
  const tokenUrl = `${state.base}/token`;

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    state.tokenRequests++;
    const form = await readForm(req);
    if (form.grant_type !== "client_credentials") return sendJson(res, 400, { error: "unsupported_grant_type" });
    if (form.client_assertion_type !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || !form.client_assertion)
      return sendJson(res, 400, { error: "invalid_request" });
    try {
      const { payload } = await jwtVerify(form.client_assertion, toolKeys, {
        issuer: state.clientId,
        subject: state.clientId,
        audience: tokenUrl,
        algorithms: ["RS256"],
        currentDate: new Date(state.time.now()),
      });
      if (typeof payload.jti !== "string" || state.seenJtis.has(payload.jti))
        return sendJson(res, 400, { error: "invalid_grant", error_description: "jti replayed" });
      state.seenJtis.add(payload.jti);
    } catch (error) {
      return sendJson(res, 401, { error: "invalid_client", error_description: String(error) });
    }
    const requested = (form.scope ?? "").split(" ").filter(Boolean);
    const allowed: string[] = Object.values(SCOPES);
    if (requested.length === 0 || requested.some((s) => !allowed.includes(s))) return sendJson(res, 400, { error: "invalid_scope" });
    const value = randomBytes(24).toString("base64url");
    state.tokens.set(value, { scopes: requested, expiresAt: state.time.now() + TOKEN_LIFETIME_S * 1000 });
    sendJson(res, 200, { access_token: value, token_type: "Bearer", expires_in: TOKEN_LIFETIME_S, scope: requested.join(" ") });
  }

  function memberships(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!bearer(state, req, res, [SCOPES.memberships])) return;
    if (!(req.headers.accept ?? "").includes("application/vnd.ims.lti-nrps.v2.membershipcontainer+json"))
      return sendJson(res, 406, { error: "not acceptable" });
    const page = Number(url.searchParams.get("page") ?? "1");
    const all = [...state.course.members.values()];
    const members = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((m) => ({
      user_id: m.sub,
      status: m.status ?? "Active",
      roles: m.roles,
      ...(m.name ? { name: m.name } : {}),
      ...(m.given_name ? { given_name: m.given_name } : {}),
      ...(m.family_name ? { family_name: m.family_name } : {}),
      ...(m.email ? { email: m.email } : {}),
    }));
    const headers: Record<string, string> = { "content-type": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json" };
    if (page * PAGE_SIZE < all.length) headers.link = `<${state.base}${url.pathname}?page=${page + 1}>; rel="next"`;
    sendJson(
      res,
      200,
      { id: url.toString(), context: { id: state.course.id, label: state.course.label, title: state.course.title }, members },
      headers,
    );
  }

  const lineItemSchema = z.object({
    label: z.string().min(1),
    scoreMaximum: z.number().positive(),
    resourceId: z.string().optional(),
    resourceLinkId: z.string().optional(),
    tag: z.string().optional(),
  });
  const scoreSchema = z.object({
    userId: z.string().min(1),
    scoreGiven: z.number().min(0),
    scoreMaximum: z.number().positive(),
    comment: z.string().optional(),
    activityProgress: z.enum(["Initialized", "Started", "InProgress", "Submitted", "Completed"]),
    gradingProgress: z.enum(["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"]),
    timestamp: z.iso.datetime({ offset: true }),
  });

  async function lineItems(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === "GET") {
      if (!bearer(state, req, res, [SCOPES.lineItem, SCOPES.lineItemRead])) return;
      const resourceId = url.searchParams.get("resource_id");
      return sendJson(
        res,
        200,
        state.lineItems.filter((i) => !resourceId || i.resourceId === resourceId),
        { "content-type": "application/vnd.ims.lis.v2.lineitemcontainer+json" },
      );
    }
    if (!bearer(state, req, res, [SCOPES.lineItem])) return;
    if (req.headers["content-type"] !== "application/vnd.ims.lis.v2.lineitem+json")
      return sendJson(res, 415, { error: "unsupported media type" });
    const body = lineItemSchema.safeParse(JSON.parse(await readBody(req)));
    if (!body.success) return sendJson(res, 400, { error: body.error.message });
    const item = { id: `${state.base}/ags/${state.course.id}/lineitems/${state.lineItems.length + 1}`, ...body.data };
    state.lineItems.push(item);
    sendJson(res, 201, item, { "content-type": "application/vnd.ims.lis.v2.lineitem+json" });
  }

  async function scores(req: IncomingMessage, res: ServerResponse, lineItemId: string): Promise<void> {
    const token = bearer(state, req, res, [SCOPES.score]);
    if (!token) return;
    if (req.headers["content-type"] !== "application/vnd.ims.lis.v1.score+json")
      return sendJson(res, 415, { error: "unsupported media type" });
    if (!state.lineItems.some((i) => i.id === lineItemId)) return sendJson(res, 404, { error: "no such line item" });
    if (state.scoreFailures.remaining > 0) {
      state.scoreFailures.remaining--;
      return sendJson(res, state.scoreFailures.status, { error: "the gradebook is unavailable" });
    }
    const body = scoreSchema.safeParse(JSON.parse(await readBody(req)));
    if (!body.success) return sendJson(res, 400, { error: body.error.message });
    if (!state.course.members.has(body.data.userId)) return sendJson(res, 400, { error: "userId is not a member of the course" });
    state.scores.push({ lineItemId, ...body.data, token });
    res.writeHead(204).end();
  }

  return { token, memberships, lineItems, scores };
}
