import { fieldsOf, localeOf, ltiRoute, nonceOf, redirect, refusalPage } from "@/server/lti/lti-http";
import { framedHeaders, pickerPage } from "@/server/lti/lti-pages";

export const dynamic = "force-dynamic";

/**
 * The platform's id token and our state, posted by the browser (OIDC form_post): verified,
 * then a session and a seat (resource link), or the scenario picker (deep linking).
 */
export const POST = ltiRoute(async (req, app) => {
  const fields = await fieldsOf(req);
  const result = await app.services.lti.launch(fields ?? {});
  if (!result.ok) {
    app.logger.info({ reason: result.message }, "LTI launch refused");
    return refusalPage(req, result);
  }
  const outcome = result.data;
  if (outcome.kind === "redirect") return redirect(outcome.redirectTo, outcome.setCookie);
  const scenarios = await app.services.lti.deepLinks.choices();
  const nonce = nonceOf(req);
  const headers = framedHeaders(outcome.frameAncestors, nonce);
  headers.append("set-cookie", outcome.setCookie);
  const html = pickerPage({
    locale: localeOf(req),
    ctx: outcome.ctx,
    action: `${app.publicUrl}/api/lti/deep-link`,
    platformName: outcome.platformName,
    contextTitle: outcome.contextTitle,
    scenarios,
  });
  return new Response(html, { status: 200, headers });
});
