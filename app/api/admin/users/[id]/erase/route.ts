import { apiRoute, authorize, jsonError, jsonOk, parseBody } from "@/server/http/api";
import { confirmationSchema } from "@/server/domain/data-rights";

export const dynamic = "force-dynamic";

/** Administrators: erases a person on request; `{ confirm: "<their name or email>" }`. */
export const POST = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "person:erase");
  if ("response" in auth) return auth.response;
  const body = await parseBody(req, confirmationSchema);
  if ("response" in body) return body.response;
  const result = await app.services.dataRights.erasure.erase(auth.actor, params.id, body.data.confirm);
  return result.ok ? jsonOk(result.data) : jsonError(result.code, result.message);
});
