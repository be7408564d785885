import type { Db } from "../db/client";
import { nowS, readSessionCookie, sessionEndsAt, type SessionUser } from "./session-token";

export interface SessionService {
  /** The signed-in user behind a Cookie header, or null (no cookie, bad, expired or revoked). */
  fromCookieHeader(cookieHeader: string | undefined | null): Promise<SessionUser | null>;
  /** Whether the session a user began at `authTime` (s) is within its absolute maximum
   *  age and was not revoked since. Asked on every read and every re-mint of its token. */
  isLive(userId: string, authTime: number): Promise<boolean>;
  /** Refuses every session begun so far by this user (sign-out, removal from an exercise). */
  revokeAll(userId: string): Promise<void>;
}

export function createSessionService(db: Db, secret: string): SessionService {
  async function isLive(userId: string, authTime: number): Promise<boolean> {
    if (sessionEndsAt(authTime) <= nowS()) return false;
    const user = await db.user.findUnique({ where: { id: userId }, select: { tokensValidAfter: true, deactivatedAt: true } });
    if (!user || user.deactivatedAt) return false;
    // Revocation compares the sign-in time, not iat: next-auth re-mints tokens with a fresh
    // iat, and a copied cookie re-minted after sign-out must stay refused. Both have
    // one-second resolution: a session begun in the second of revocation is refused too.
    return !user.tokensValidAfter || authTime > Math.floor(user.tokensValidAfter.getTime() / 1000);
  }

  return {
    async fromCookieHeader(cookieHeader) {
      const session = await readSessionCookie(cookieHeader, secret);
      if (!session) return null;
      return (await isLive(session.userId, session.authTime)) ? session : null;
    },
    isLive,
    async revokeAll(userId) {
      await db.user.updateMany({ where: { id: userId }, data: { tokensValidAfter: new Date() } });
    },
  };
}
