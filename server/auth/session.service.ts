import type { Db } from "../db/client";
import { readSessionCookie, type SessionUser } from "./session-token";

export interface SessionService {
  /** The signed-in user behind a Cookie header, or null (no cookie, bad, expired or revoked). */
  fromCookieHeader(cookieHeader: string | undefined | null): Promise<SessionUser | null>;
  /** Refuses every token issued so far for this user (sign-out, removal from an exercise). */
  revokeAll(userId: string): Promise<void>;
}

export function createSessionService(db: Db, secret: string): SessionService {
  return {
    async fromCookieHeader(cookieHeader) {
      const session = await readSessionCookie(cookieHeader, secret);
      if (!session) return null;
      const user = await db.user.findUnique({ where: { id: session.userId }, select: { tokensValidAfter: true } });
      if (!user) return null;
      // iat has one-second resolution: a token from the second of revocation is refused too.
      if (user.tokensValidAfter && session.issuedAt <= Math.floor(user.tokensValidAfter.getTime() / 1000)) return null;
      return session;
    },
    async revokeAll(userId) {
      await db.user.updateMany({ where: { id: userId }, data: { tokensValidAfter: new Date() } });
    },
  };
}
