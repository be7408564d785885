import { createAccount, newAccountSchema } from "@/server/auth/accounts";
import { apiRoute, jsonError, jsonOk, parseBody } from "@/server/http/api";

export const dynamic = "force-dynamic";

/** First run only: creates the first administrator while Parley has no users at all. */
export const POST = apiRoute(async (req, { app }) => {
  if ((await app.services.users.count()) > 0) return jsonError("conflict", "Parley is already set up; sign in instead");
  const body = await parseBody(req, newAccountSchema.omit({ role: true }));
  if ("response" in body) return body.response;
  const result = await createAccount(app.db.prisma, { ...body.data, role: "admin" }, { onlyIfNoUsers: true });
  return result.ok ? jsonOk({ userId: result.userId }, 201) : jsonError(result.code, result.message);
});
