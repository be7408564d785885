import { z } from "zod";
import { apiRoute, authorize, jsonError, jsonOk, parseBody } from "@/server/http/api";

export const dynamic = "force-dynamic";

const assignSchema = z.object({ roleKey: z.string().min(1), userId: z.string().min(1).optional() });

/** A facilitator gives a role to someone; a participant in the lobby takes one. */
export const POST = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  const { actor } = auth;
  const body = await parseBody(req, assignSchema);
  if ("response" in body) return body.response;
  // The same use case as the console's roster:assign: one transaction, under the exercise lock.
  const result = await app.live.roster.assignRole(actor, params.id, body.data);
  return result.ok ? jsonOk(result.data) : jsonError(result.code, result.message);
});
