import { apiRoute, authorize, jsonError, jsonOk } from "@/server/http/api";
import { LtiServiceError } from "@/server/lti/service-token";

export const dynamic = "force-dynamic";

/** The facilitator fills the lobby from the course roster (NRPS): `{ added, alreadySeated }`. */
export const POST = apiRoute<{ id: string }>(async (_req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  try {
    const counts = await app.services.lti.prefillRoster(params.id);
    await app.services.audit.record({
      action: "lti.roster-prefilled",
      actorUserId: auth.actor.userId,
      exerciseId: params.id,
      detail: counts,
    });
    // Open lobbies show the new people at once.
    await app.live.refresh(params.id);
    await app.live.rosterChanged(params.id);
    return jsonOk(counts);
  } catch (error) {
    if (error instanceof LtiServiceError) return jsonError("conflict", error.message);
    throw error;
  }
});
