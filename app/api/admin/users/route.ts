import { actorFor, apiRoute, bodyOf, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** Administrators: the accounts, `?q=` searching names and emails. */
export const GET = apiRoute(async (req, { user, app }) => {
  const q = new URL(req.url).searchParams.get("q") ?? undefined;
  return jsonResult(await app.services.accounts.list(await actorFor(app, user), { q }));
});

/** Administrators: invite someone by a one-time link `{ email, role }`. */
export const POST = apiRoute(async (req, { user, app }) =>
  jsonResult(await app.services.accounts.invite(await actorFor(app, user), await bodyOf(req)), 201),
);
