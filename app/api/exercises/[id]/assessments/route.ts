import { apiRoute, authorize, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** The facilitator's assessment desk: every person who played a role, with their rubric, scores and evidence. */
export const GET = apiRoute<{ id: string }>(async (_req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  return jsonResult(await app.services.assessments.desk(auth.actor, params.id));
});
