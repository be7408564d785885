import { actorFor, apiRoute, bodyOf, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** Administrators: `{ active: false }` deactivates (sessions and sockets end at once); `true` reactivates. */
export const POST = apiRoute<{ id: string }>(async (req, { params, user, app }) =>
  jsonResult(await app.services.accounts.setActive(await actorFor(app, user), params.id, await bodyOf(req))),
);
