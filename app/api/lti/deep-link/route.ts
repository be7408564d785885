import { fieldsOf, localeOf, ltiRoute, nonceOf, refusalPage } from "@/server/lti/lti-http";
import { framedHeaders, returnPage } from "@/server/lti/lti-pages";

export const dynamic = "force-dynamic";

/**
 * The instructor's choice from the scenario picker (a form: ctx, scenarioId, title, or
 * cancel): the exercise is created with its lobby open, and the signed deep linking answer
 * is posted back to the platform by the page this returns.
 */
export const POST = ltiRoute(async (req, app) => {
  // The picker is Parley's own page (perhaps in the platform's frame): its posts carry Parley's origin.
  const origin = req.headers.get("origin");
  if (!origin || !app.origins.includes(origin))
    return refusalPage(req, { code: "forbidden", message: "This request must come from Parley's own pages" });
  const result = await app.services.lti.deepLinks.place((await fieldsOf(req)) ?? {}, app.services.exerciseFlow);
  if (!result.ok) return refusalPage(req, result);
  const nonce = nonceOf(req);
  const html = returnPage({ locale: localeOf(req), returnUrl: result.data.returnUrl, jwt: result.data.jwt, nonce });
  return new Response(html, { status: 200, headers: framedHeaders(result.data.frameAncestors, nonce) });
});
