import { z } from "zod";
import { createAccount, newAccountSchema } from "@/server/auth/accounts";
import { isSetupToken } from "@/server/auth/setup-token";
import { apiRoute, jsonError, jsonOk, parseBody } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** First run only: creates the first administrator while Parley has no users at all. */
export const POST = apiRoute(async (req, { app }) => {
  if ((await app.services.users.count()) > 0) return jsonError("conflict", "Parley is already set up; sign in instead");
  const body = await parseBody(req, newAccountSchema.omit({ role: true }).extend({ token: z.string().max(200) }));
  if ("response" in body) return body.response;
  if (!isSetupToken(app.setupToken, body.data.token))
    return jsonError("forbidden", "Open the setup link printed in Parley's log when it started");
  const { token: _token, ...account } = body.data;
  const result = await createAccount(app.db.prisma, { ...account, role: "admin" }, { onlyIfNoUsers: true });
  return result.ok ? jsonOk({ userId: result.userId }, 201) : jsonError(result.code, result.message);
});
