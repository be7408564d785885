import { actorFor, apiRoute, bodyOf, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** Administrators: `{ role: "admin" | "facilitator" | "observer" }`; the person's sessions end. */
export const POST = apiRoute<{ id: string }>(async (req, { params, user, app }) =>
  jsonResult(await app.services.accounts.changeRole(await actorFor(app, user), params.id, await bodyOf(req))),
);
