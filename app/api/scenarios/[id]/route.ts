import { actorFor, apiRoute, jsonError, jsonOk, refuse } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** A scenario in full, every confidential brief included: facilitators only. */
export const GET = apiRoute<{ id: string }>(async (_req, { params, user, app }) => {
  const refused = refuse(await actorFor(app, user), "scenario:read-all-briefs");
  if (refused) return refused;
  const scenario = await app.services.catalog.full(params.id);
  return scenario ? jsonOk(scenario) : jsonError("not_found", "No such scenario");
});
