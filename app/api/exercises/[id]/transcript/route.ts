import { apiRoute, authorize, jsonError } from "@/server/http/api";
import { decide } from "@/server/domain/authorization";
import { parseCookies } from "@/server/auth/session-token";
import { transcriptJson, transcriptMarkdown } from "@/server/debrief/transcript";
import { timeZoneSchema, transcriptWords } from "@/server/debrief/transcript-words";
import { LOCALE_COOKIE, resolveLocale } from "@/i18n/locales";

export const dynamic = "force-dynamic";

/**
 * Transcript export, `?format=md|json`, in the caller's perspective. The Markdown is in the
 * reader's language (as the pages choose it) with times in UTC, or in the zone `?tz=` names.
 */
export const GET = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  const { actor } = auth;
  const query = new URL(req.url).searchParams;
  const asRole = query.get("as") ?? undefined;
  if (asRole && !decide(actor, "exercise:oversee").allowed) return jsonError("forbidden", "Only the facilitator may choose a perspective");
  const tz = query.get("tz");
  const zone = tz === null ? { success: true as const, data: "UTC" } : timeZoneSchema.safeParse(tz);
  if (!zone.success) return jsonError("invalid_payload", "tz must be an IANA time zone, such as Europe/Paris");
  const data = await app.services.replay.build(actor, params.id, asRole);
  if (!data) return jsonError("not_found", "No such exercise or role");
  const slug =
    data.exercise.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "exercise";
  if (query.get("format") === "json") {
    return new Response(JSON.stringify(transcriptJson(data), null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${slug}-transcript.json"`,
      },
    });
  }
  const locale = resolveLocale(parseCookies(req.headers.get("cookie")).get(LOCALE_COOKIE), req.headers.get("accept-language"));
  return new Response(transcriptMarkdown(data, transcriptWords(locale, zone.data)), {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-language": locale,
      "content-disposition": `attachment; filename="${slug}-transcript.md"`,
    },
  });
});
