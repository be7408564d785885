import { z } from "zod";
import { apiRoute, authorize, jsonOk, parseBody } from "@/server/http/api";

export const dynamic = "force-dynamic";

const schema = z.object({ roleKey: z.string().min(1), objectiveId: z.string().min(1), met: z.boolean() });

/** The facilitator ticks a role's scenario objective as met (or not) for the debrief. */
export const POST = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  const body = await parseBody(req, schema);
  if ("response" in body) return body.response;
  await app.services.replay.tickObjective(params.id, body.data.roleKey, body.data.objectiveId, body.data.met);
  return jsonOk(body.data);
});
