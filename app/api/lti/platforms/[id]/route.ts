import { actorFor, apiRoute, bodyOf, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** Administrators: change a registration (the whole of it, as when registering). */
export const PUT = apiRoute<{ id: string }>(async (req, { params, user, app }) =>
  jsonResult(await app.services.lti.platforms.update(await actorFor(app, user), params.id, await bodyOf(req))),
);

/** Administrators: remove a platform; its launches stop at once, its people's accounts and exercises stay. */
export const DELETE = apiRoute<{ id: string }>(async (_req, { params, user, app }) =>
  jsonResult(await app.services.lti.platforms.remove(await actorFor(app, user), params.id)),
);
