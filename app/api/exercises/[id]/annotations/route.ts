import { annotationChangeSchema, annotationCreateSchema } from "@/lib/replay/annotation.schema";
import { apiRoute, authorize, jsonError, jsonOk, parseBody } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** The facilitator pins a note to an event or a moment, or flags one as important, during the exercise or after. */
export const POST = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  const body = await parseBody(req, annotationCreateSchema);
  if ("response" in body) return body.response;
  const note = await app.services.replay.annotations.create(auth.actor, params.id, body.data);
  return jsonOk({ id: note.id }, 201);
});

/** Shares a note with participants (or not), flags it as important (or not). Unflagging a flag without text removes it. */
export const PATCH = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  const body = await parseBody(req, annotationChangeSchema);
  if ("response" in body) return body.response;
  const outcome = await app.services.replay.annotations.update(params.id, body.data);
  return outcome === "not_found" ? jsonError("not_found", "No such note") : jsonOk({ ...body.data, removed: outcome === "removed" });
});
