// The personal-data export as a download: one JSON file named for the person's id.
import type { Actor } from "../domain/authorization";
import type { AppContext } from "../app-context";
import { jsonError } from "./api";

export async function personalExportResponse(app: AppContext, actor: Actor, userId: string): Promise<Response> {
  const result = await app.services.dataRights.personalExport.export(actor, userId);
  if (!result.ok) return jsonError(result.code, result.message);
  return new Response(JSON.stringify(result.data, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="parley-personal-data-${userId.replace(/[^A-Za-z0-9_-]/g, "")}.json"`,
      "cache-control": "no-store",
    },
  });
}
