import { actorFor, apiRoute, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/**
 * The audit trail as the caller may read it: `?exercise=&person=&kind=&from=&to=&before=&limit=`;
 * `&format=csv` downloads every matching entry.
 */
export const GET = apiRoute(async (req, { user, app }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const { format, ...filter } = query;
  const actor = await actorFor(app, user);
  if (format === "csv") {
    const csv = await app.services.auditLog.csv(actor, filter);
    if (!csv.ok) return jsonResult(csv);
    return new Response(csv.data, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="parley-audit.csv"',
        "cache-control": "no-store",
      },
    });
  }
  return jsonResult(await app.services.auditLog.read(actor, filter));
});
