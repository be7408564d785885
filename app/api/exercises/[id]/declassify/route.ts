import { z } from "zod";
import { apiRoute, authorize, jsonError, jsonOk, parseBody } from "@/server/http/api";

export const dynamic = "force-dynamic";

const schema = z.object({ channelId: z.string().min(1), declassified: z.boolean() });

/** The facilitator opens (or closes again) a backchannel to participants for the debrief. */
export const POST = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  const { actor } = auth;
  const body = await parseBody(req, schema);
  if ("response" in body) return body.response;
  const result = await app.live.setup.declassify(actor, params.id, body.data.channelId, body.data.declassified);
  if (result === "not_opened")
    return jsonError("conflict", "Open the backchannel in the console before declassifying it while the exercise runs");
  return result === "ok" ? jsonOk(body.data) : jsonError("not_found", "No such backchannel in this exercise");
});
