// Every account sign-in, refusal and throttling goes into the audit trail (an account
// named by its id when it exists, else by a pseudonym of the address typed), and a
// successful one stamps the account's last sign-in.
import type { Db } from "../db/client";
import type { AuditRepository } from "../storage/audit.repository";
import type { SignInRecord } from "../auth/auth-options";
import { accountKey } from "../auth/sign-in-throttle";

export function signInAuditor(db: Db, audit: AuditRepository, now: () => Date = () => new Date()) {
  return async (attempt: SignInRecord): Promise<void> => {
    const account =
      attempt.userId ?? (await db.user.findUnique({ where: { email: attempt.email.toLowerCase() }, select: { id: true } }))?.id ?? null;
    if (attempt.outcome === "signed-in" && account) await db.user.update({ where: { id: account }, data: { lastSignInAt: now() } });
    await audit.record({
      action: attempt.outcome === "signed-in" ? "sign-in" : attempt.outcome === "failed" ? "sign-in.failed" : "sign-in.throttled",
      actorUserId: attempt.outcome === "signed-in" ? account : null,
      target: account,
      detail: { method: attempt.method ?? "password", ...(account ? {} : { account: accountKey(attempt.email) }) },
    });
  };
}
