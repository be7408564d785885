import { apiRoute, authorize, jsonError, jsonOk } from "@/server/http/api";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async (_req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  const { actor } = auth;
  const result = await app.services.exerciseFlow.openLobby(actor, params.id);
  return result.ok ? jsonOk(result.data) : jsonError(result.code, result.message);
});
