import { apiRoute, bodyOf, jsonResult } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** Redeems an invitation (`{ displayName, password }`) or a reset link (`{ password }`), once. */
export const POST = apiRoute<{ token: string }>(async (req, { params, app }) =>
  jsonResult(await app.services.accounts.redeem(params.token, await bodyOf(req))),
);
