import { getAppContext } from "@/server/app-context";
import { checkLiveness } from "@/server/http/health";

export const dynamic = "force-dynamic";

/** 200 whenever the process answers, draining included. */
export function GET(): Response {
  const live = checkLiveness(getAppContext().lifecycle.state);
  return Response.json(live.body, { status: live.status, headers: { "cache-control": "no-store" } });
}
