// The test LMS receiving a Deep Linking 2.0 response (§4.2): the JWT is verified against the
// tool's JWKS (iss = the tool's client id, aud = this platform), its nonce, deployment and
// message type checked, its data matched to the launch it answers; links are then placed
// in the course, each with the line item it asked for.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { escapeHtml, readForm, sendHtml } from "./http";
import type { PlatformState } from "./state";

const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";

export function createDeepLinkReturn(state: PlatformState, answered: Set<string>) {
  const toolKeys = createRemoteJWKSet(new URL(state.tool.jwksUrl));

  function place(item: Record<string, unknown>): void {
    const custom = (item.custom ?? {}) as Record<string, string>;
    const link = { resourceLinkId: randomUUID(), title: String(item.title ?? ""), url: String(item.url ?? state.tool.launchUrl), custom };
    const lineItem = item.lineItem as { scoreMaximum?: number; label?: string; resourceId?: string; tag?: string } | undefined;
    if (lineItem?.scoreMaximum) {
      const id = `${state.base}/ags/${state.course.id}/lineitems/${state.lineItems.length + 1}`;
      state.lineItems.push({
        id,
        label: lineItem.label ?? link.title,
        scoreMaximum: lineItem.scoreMaximum,
        resourceLinkId: link.resourceLinkId,
        ...(lineItem.resourceId ? { resourceId: lineItem.resourceId } : {}),
        ...(lineItem.tag ? { tag: lineItem.tag } : {}),
      });
      state.links.push({ ...link, lineItemUrl: id });
    } else state.links.push(link);
  }

  async function check(jwt: string): Promise<{ claims: Record<string, unknown>; items: Record<string, unknown>[] }> {
    const { payload } = await jwtVerify(jwt, toolKeys, {
      issuer: state.clientId,
      audience: state.issuer,
      algorithms: ["RS256"],
      currentDate: new Date(state.time.now()),
    });
    if (payload[`${LTI}message_type`] !== "LtiDeepLinkingResponse") throw new Error("not an LtiDeepLinkingResponse");
    if (payload[`${LTI}version`] !== "1.3.0") throw new Error("not LTI 1.3.0");
    if (payload[`${LTI}deployment_id`] !== state.deploymentId) throw new Error("another deployment");
    if (typeof payload.nonce !== "string" || payload.nonce.length === 0) throw new Error("no nonce");
    const data = payload[`${DL}data`];
    if (typeof data !== "string" || answered.has(data) || !state.launchedDeepLinks.has(data))
      throw new Error("data does not match a deep linking launch");
    answered.add(data);
    const items = payload[`${DL}content_items`];
    if (!Array.isArray(items)) throw new Error("no content_items");
    return { claims: payload, items: items as Record<string, unknown>[] };
  }

  /** POST /deep-link-return: the browser brings the tool's answer. */
  return async function deepLinkReturn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    try {
      const { claims, items } = await check(form.JWT ?? "");
      for (const item of items) if (item.type === "ltiResourceLink") place(item);
      state.deepLinkResponses.push({ ok: true, claims, contentItems: items });
      sendHtml(
        res,
        200,
        `<!doctype html><h1>Course</h1><p>Placed: ${items.map((i) => escapeHtml(String(i.title))).join(", ") || "nothing"}</p>`,
      );
    } catch (error) {
      state.deepLinkResponses.push({ ok: false, error: String(error), contentItems: [] });
      sendHtml(res, 400, `<!doctype html><h1>Refused</h1><p>${escapeHtml(String(error))}</p>`);
    }
  };
}
