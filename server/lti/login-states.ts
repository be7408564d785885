// OIDC logins in flight: a state and a nonce, each good once and for a few minutes, kept
// on the server because the launch comes back as a cross-site form POST (no cookie).
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client";

export const LOGIN_STATE_TTL_MS = 10 * 60_000;

export interface LoginState {
  state: string;
  nonce: string;
  platformId: string;
  targetLinkUri: string;
}

const token = () => randomBytes(32).toString("base64url");

export function createLoginStates(db: Db, now: () => number) {
  return {
    async open(platformId: string, targetLinkUri: string): Promise<LoginState> {
      // Logins never finished are dropped as new ones begin.
      await db.ltiLoginState.deleteMany({ where: { expiresAt: { lt: new Date(now()) } } });
      const row = { state: token(), nonce: token(), platformId, targetLinkUri };
      await db.ltiLoginState.create({ data: { ...row, expiresAt: new Date(now() + LOGIN_STATE_TTL_MS) } });
      return row;
    },
    /** The login behind a state, if it is unused and unexpired (it stays so until `consume`). */
    async find(state: string): Promise<LoginState | null> {
      const row = await db.ltiLoginState.findFirst({ where: { state, usedAt: null, expiresAt: { gt: new Date(now()) } } });
      return row ? { state: row.state, nonce: row.nonce, platformId: row.platformId, targetLinkUri: row.targetLinkUri } : null;
    },
    /** Marks the state used; false when another request used it first (a replay). */
    async consume(state: string): Promise<boolean> {
      const { count } = await db.ltiLoginState.updateMany({
        where: { state, usedAt: null, expiresAt: { gt: new Date(now()) } },
        data: { usedAt: new Date(now()) },
      });
      return count === 1;
    },
  };
}
export type LoginStates = ReturnType<typeof createLoginStates>;
