import { actorFor, apiRoute, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** Administrators: a one-time link for the person to choose a new password (24 hours). */
export const POST = apiRoute<{ id: string }>(async (_req, { params, user, app }) =>
  jsonResult(await app.services.accounts.resetLink(await actorFor(app, user), params.id), 201),
);
