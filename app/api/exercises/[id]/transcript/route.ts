import { apiRoute, authorize, jsonError } from "@/server/http/api";
import { decide } from "@/server/domain/authorization";
import { transcriptJson, transcriptMarkdown } from "@/server/debrief/transcript";

export const dynamic = "force-dynamic";

/** Transcript export, `?format=md|json`, in the caller's perspective. */
export const GET = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  const { actor } = auth;
  const query = new URL(req.url).searchParams;
  const asRole = query.get("as") ?? undefined;
  if (asRole && !decide(actor, "exercise:oversee").allowed) return jsonError("forbidden", "Only the facilitator may choose a perspective");
  const data = await app.services.replay.build(actor, params.id, asRole);
  if (!data) return jsonError("not_found", "No such exercise or role");
  const slug = data.exercise.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "exercise";
  if (query.get("format") === "json") {
    return new Response(JSON.stringify(transcriptJson(data), null, 2), {
      headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="${slug}-transcript.json"` },
    });
  }
  return new Response(transcriptMarkdown(data), {
    headers: { "content-type": "text/markdown; charset=utf-8", "content-disposition": `attachment; filename="${slug}-transcript.md"` },
  });
});
