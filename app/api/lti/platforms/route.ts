import { actorFor, apiRoute, bodyOf, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** Administrators: the registered learning platforms. */
export const GET = apiRoute(async (_req, { user, app }) => jsonResult(await app.services.lti.platforms.list(await actorFor(app, user))));

/** Administrators: register a platform `{ name, issuer, clientId, deploymentIds, authLoginUrl, accessTokenUrl, jwksUrl }`. */
export const POST = apiRoute(async (req, { user, app }) =>
  jsonResult(await app.services.lti.platforms.create(await actorFor(app, user), await bodyOf(req)), 201),
);
