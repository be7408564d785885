import { apiRoute, authorize, bodyOf, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

type Params = { id: string; userId: string };

/** One person's assessment: their own once released, or anyone's for the facilitator. */
export const GET = apiRoute<Params>(async (_req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  return jsonResult(await app.services.assessments.reportFor(auth.actor, params.id, params.userId));
});

/** Saves scores (levels of the person's rubric) and feedback. */
export const PUT = apiRoute<Params>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  return jsonResult(await app.services.assessments.save(auth.actor, params.id, params.userId, await bodyOf(req)));
});
