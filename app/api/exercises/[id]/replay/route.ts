import { apiRoute, authorize, jsonError, jsonOk } from "@/server/http/api";
import { decide } from "@/server/domain/authorization";

export const dynamic = "force-dynamic";

/** The debrief data as the caller may see it (`?as=<role>`: the facilitator sees as that role saw). */
export const GET = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  const { actor } = auth;
  const asRole = new URL(req.url).searchParams.get("as") ?? undefined;
  if (asRole && !decide(actor, "exercise:oversee").allowed) return jsonError("forbidden", "Only the facilitator may choose a perspective");
  const data = await app.services.replay.build(actor, params.id, asRole);
  return data ? jsonOk(data) : jsonError("not_found", "No such exercise or role");
});
