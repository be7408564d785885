import { resolveLocale, LOCALE_COOKIE } from "@/i18n/locales";
import { gradesCsv } from "@/server/assessment/grades-csv";
import { parseCookies } from "@/server/auth/session-token";
import { apiRoute, authorize, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** The grades as CSV, one row per person, with headers in the reader's language. */
export const GET = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  const desk = await app.services.assessments.desk(auth.actor, params.id);
  if (!desk.ok) return jsonResult(desk);
  const locale = resolveLocale(parseCookies(req.headers.get("cookie")).get(LOCALE_COOKIE), req.headers.get("accept-language"));
  const slug =
    desk.data.exercise.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "exercise";
  return new Response(gradesCsv(desk.data, locale), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${slug}-grades.csv"`,
      "cache-control": "no-store",
    },
  });
});
