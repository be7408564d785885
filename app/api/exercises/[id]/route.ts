import { actorFor, apiRoute, jsonError, jsonOk } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** The exercise as the caller may see it: a participant gets only their own brief. */
export const GET = apiRoute<{ id: string }>(async (_req, { params, user, app }) => {
  const actor = await actorFor(app, user, params.id);
  if (!actor) return jsonError("unauthenticated", "Sign in first");
  const result = await app.services.exerciseFlow.viewFor(actor, params.id);
  return result.ok ? jsonOk(result.data) : jsonError(result.code, result.message);
});
