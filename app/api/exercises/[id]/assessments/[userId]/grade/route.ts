import { apiRoute, authorize, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** Sends a released assessment's score to the LMS again. */
export const POST = apiRoute<{ id: string; userId: string }>(async (_req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  return jsonResult(await app.services.assessments.retryGrade(auth.actor, params.id, params.userId));
});
