import { z } from "zod";
import { apiRoute, authorize, jsonError, jsonOk, parseBody } from "@/server/http/api";

export const dynamic = "force-dynamic";

const schema = z.object({ channelId: z.string().min(1).max(64) });

/**
 * Opens a backchannel for reading from the debrief while the exercise runs: the same
 * audited use case as `oversight:open` in the console (audit entry and log event first).
 */
export const POST = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  const body = await parseBody(req, schema);
  if ("response" in body) return body.response;
  const result = await app.live.oversight.open(auth.actor, user?.name ?? "", params.id, body.data.channelId);
  return result.ok ? jsonOk({ channelId: body.data.channelId }) : jsonError(result.code, result.message);
});
