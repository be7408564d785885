import { actorFor, apiRoute, jsonError } from "@/server/http/api";
import { personalExportResponse } from "@/server/http/personal-export";

export const dynamic = "force-dynamic";

/** Everything Parley holds about the signed-in person (an account or a participant), as JSON. */
export const GET = apiRoute(async (_req, { user, app }) => {
  const actor = await actorFor(app, user);
  if (!actor) return jsonError("unauthenticated", "Sign in first");
  return personalExportResponse(app, actor, actor.userId);
});
