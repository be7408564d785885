import type { AppContext } from "@/server/app-context";
import { fieldsOf, ltiRoute, redirect, refusalPage } from "@/server/lti/lti-http";

export const dynamic = "force-dynamic";

/** OIDC login initiation: the platform sends the browser here (GET or a form POST) to begin a launch. */
async function initiate(req: Request, app: AppContext): Promise<Response> {
  const fields = await fieldsOf(req);
  const result = await app.services.lti.login(fields ?? {});
  if (!result.ok) {
    app.logger.info({ reason: result.message }, "LTI login refused");
    return refusalPage(req, result);
  }
  return redirect(result.data.redirectTo);
}

export const GET = ltiRoute(initiate);
export const POST = ltiRoute(initiate);
