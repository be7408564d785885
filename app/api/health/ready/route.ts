import { getAppContext } from "@/server/app-context";
import { checkReadiness } from "@/server/http/health";

export const dynamic = "force-dynamic";

/** 200 while serving with the database (and Redis) answering; 503 while starting, draining or cut off. */
export async function GET(): Promise<Response> {
  const app = getAppContext();
  const ready = await checkReadiness(app.lifecycle.state, app.db, app.cluster);
  return Response.json(ready.body, { status: ready.status, headers: { "cache-control": "no-store" } });
}
