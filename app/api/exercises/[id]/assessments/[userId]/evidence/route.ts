import { apiRoute, authorize, bodyOf, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

type Params = { id: string; userId: string };

/** Pins an event of the log to a criterion of the person's assessment. */
export const POST = apiRoute<Params>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  return jsonResult(await app.services.assessments.pin(auth.actor, params.id, params.userId, await bodyOf(req)));
});

/** Unpins it: `{ criterion, seq }`. */
export const DELETE = apiRoute<Params>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  return jsonResult(await app.services.assessments.unpin(auth.actor, params.id, params.userId, await bodyOf(req)));
});
