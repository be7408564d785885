import { apiRoute, authorize, bodyOf, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** `{ observersAssess }`: the facilitator lets observers score and pin evidence (never release). */
export const PUT = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  return jsonResult(await app.services.assessments.setObserversAssess(auth.actor, params.id, await bodyOf(req)));
});
