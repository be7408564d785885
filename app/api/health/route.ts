import { getAppContext } from "@/server/app-context";
import { checkHealth } from "@/server/http/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const app = getAppContext();
  const health = await checkHealth(app.db, app.cluster);
  return Response.json(health.body, { status: health.status, headers: { "cache-control": "no-store" } });
}
