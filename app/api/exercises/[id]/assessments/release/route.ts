import { apiRoute, authorize, bodyOf, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** Releases assessments to their people (and their scores to the LMS): `{ userIds? }`, all started ones by default. */
export const POST = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  return jsonResult(await app.services.assessments.release(auth.actor, params.id, await bodyOf(req)));
});
