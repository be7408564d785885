// One-time links an administrator hands out by hand (or by email when SMTP_URL is set):
// an invitation to create an account, or a password reset. The token is shown once, in
// the link; only its hash is stored, so a copy of the database opens no account.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

export const INVITE_DAYS = 7;
export const RESET_HOURS = 24;

export const linkKindSchema = z.enum(["invite", "reset"]);
export type LinkKind = z.infer<typeof linkKindSchema>;

/** What a link's token looks like in a URL: 32 random bytes, base64url. */
export const linkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "this link is not valid");

export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

export const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("base64url");

export function linkExpiry(kind: LinkKind, now = new Date()): Date {
  const ms = kind === "invite" ? INVITE_DAYS * 86_400_000 : RESET_HOURS * 3_600_000;
  return new Date(now.getTime() + ms);
}

/** The page a link opens. */
export const linkPath = (kind: LinkKind, token: string) => `/account/${kind}/${token}`;
