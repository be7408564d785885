import { z } from "zod";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { hashPassword, needsRehash, verifyPassword } from "./password";
import { accountRoleSchema } from "../domain/authorization";

export const newAccountSchema = z.object({
  email: z.email("enter a valid email address"),
  displayName: z.string().trim().min(1, "enter a name").max(80),
  password: z.string().min(10, "use at least 10 characters").max(1024),
  role: accountRoleSchema.default("facilitator"),
});
export type NewAccount = z.input<typeof newAccountSchema>;

export type AccountResult = { ok: true; userId: string } | { ok: false; code: "conflict" | "invalid_payload"; message: string };

/** Creates a password account; the password is kept only as an argon2id hash. */
export async function createAccount(db: Db, raw: NewAccount, options: { onlyIfNoUsers?: boolean } = {}): Promise<AccountResult> {
  const input = newAccountSchema.safeParse(raw);
  if (!input.success) return { ok: false, code: "invalid_payload", message: input.error.issues[0]?.message ?? "invalid account" };
  const passwordHash = await hashPassword(input.data.password);
  try {
    return await db.$transaction(async (tx) => {
      if (options.onlyIfNoUsers && (await tx.user.count()) > 0) {
        return { ok: false as const, code: "conflict" as const, message: "Parley already has accounts; sign in instead" };
      }
      const user = await tx.user.create({
        data: { email: input.data.email.toLowerCase(), displayName: input.data.displayName, passwordHash, systemRole: input.data.role },
      });
      return { ok: true as const, userId: user.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, code: "conflict", message: "An account with this email exists" };
    throw error;
  }
}

/**
 * The account an email and password open, or null. A hash made with older argon2
 * parameters is remade with today's while the password is at hand.
 */
export async function checkPassword(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) return null;
  // A deactivated account opens nothing, whatever its password.
  if (user.deactivatedAt) return null;
  if (needsRehash(user.passwordHash)) {
    // Only over the hash just verified: a password changed meanwhile is kept.
    await db.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash: await hashPassword(password) },
    });
  }
  return user;
}
