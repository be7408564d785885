import { ltiRoute } from "@/server/lti/lti-http";

export const dynamic = "force-dynamic";

/** Parley's public keys: platforms verify deep linking responses and client assertions with them. */
export const GET = ltiRoute(async (_req, app) =>
  Response.json(await app.services.lti.jwks(), { headers: { "cache-control": "public, max-age=300" } }),
);
