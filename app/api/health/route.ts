import { getAppContext } from "@/server/app-context";
import { checkHealth } from "@/server/http/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkHealth(getAppContext().db);
  return Response.json(health.body, { status: health.status, headers: { "cache-control": "no-store" } });
}
