import { actorFor, apiRoute, authorize, jsonError, jsonOk, parseBody } from "@/server/http/api";
import { confirmationSchema } from "@/server/domain/data-rights";

export const dynamic = "force-dynamic";

/** The exercise as the caller may see it: a participant gets only their own brief. */
export const GET = apiRoute<{ id: string }>(async (_req, { params, user, app }) => {
  const actor = await actorFor(app, user, params.id);
  if (!actor) return jsonError("unauthenticated", "Sign in first");
  const result = await app.services.exerciseFlow.viewFor(actor, params.id);
  return result.ok ? jsonOk(result.data) : jsonError(result.code, result.message);
});

/** Deletes the exercise and everything of it; `{ confirm: "<its title>" }`. A running exercise is ended first (409). */
export const DELETE = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:delete", params.id);
  if ("response" in auth) return auth.response;
  const body = await parseBody(req, confirmationSchema);
  if ("response" in body) return body.response;
  const result = await app.services.dataRights.deletion.delete(params.id, {
    kind: "person",
    actor: auth.actor,
    confirm: body.data.confirm,
  });
  return result.ok ? jsonOk(result.data) : jsonError(result.code, result.message);
});
