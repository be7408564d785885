import { apiRoute, authorize } from "@/server/http/api";
import { personalExportResponse } from "@/server/http/personal-export";

export const dynamic = "force-dynamic";

/** Administrators: everything Parley holds about this person, as JSON. */
export const GET = apiRoute<{ id: string }>(async (_req, { params, user, app }) => {
  const auth = await authorize(app, user, "person:export");
  if ("response" in auth) return auth.response;
  return personalExportResponse(app, auth.actor, params.id);
});
