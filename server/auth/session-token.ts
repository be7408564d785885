// Reads the next-auth session cookie (a JWT encrypted with the auth secret). The same
// reader serves the Socket.io handshake and the API routes, so both see one identity.
import { decode, encode } from "next-auth/jwt";
import { parse as parseCookieHeader } from "cookie";
import { z } from "zod";
import { systemRoleSchema, type SystemRole } from "../domain/authorization";

export const SESSION_COOKIE = "next-auth.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-next-auth.session-token";
/** How long a token lives after it was last minted (next-auth re-mints it as it is used). */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;
/** How long a session lives after its sign-in, however often its token is re-minted. */
export const SESSION_ABSOLUTE_MAX_AGE_S = 12 * 60 * 60;

const claimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().nullish(),
  role: systemRoleSchema,
  exerciseId: z.string().nullish(),
  /** When the user signed in (s). Re-minting keeps it, where it moves iat and exp. */
  authTime: z.number().optional(),
  iat: z.number(),
  exp: z.number(),
});

export const nowS = () => Math.floor(Date.now() / 1000);

/** Tokens minted before authTime was carried count from their iat, the latest sign-in they can prove. */
export function authTimeOf(claims: { authTime?: unknown; iat?: unknown }): number | undefined {
  if (typeof claims.authTime === "number") return claims.authTime;
  return typeof claims.iat === "number" ? claims.iat : undefined;
}

/** The second at which a session that began at authTime ends, whatever its token says. */
export const sessionEndsAt = (authTime: number) => authTime + SESSION_ABSOLUTE_MAX_AGE_S;

export interface SessionUser {
  userId: string;
  name: string;
  systemRole: SystemRole;
  /** Participants who joined by code are bound to one exercise. */
  exerciseId?: string;
  /** When the user signed in (s since the epoch). */
  authTime: number;
  issuedAt: number;
  /** The earlier of the token's expiry and the session's absolute end. */
  expiresAt: number;
}

export function parseCookies(header: string | undefined | null): Map<string, string> {
  // The cookie package leaves a value it cannot decode (a stray "%") as it is, where
  // decodeURIComponent threw and made every request of that browser fail.
  const cookies = new Map<string, string>();
  for (const [name, value] of Object.entries(parseCookieHeader(header ?? ""))) if (value !== undefined) cookies.set(name, value);
  return cookies;
}

/** next-auth splits large tokens into name.0, name.1, …; join them back. */
function sessionCookie(cookies: Map<string, string>): string | undefined {
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`) ?? "");
    if (chunks.length > 0) return chunks.join("");
  }
  return undefined;
}

export async function readSessionCookie(cookieHeader: string | undefined | null, secret: string): Promise<SessionUser | null> {
  const token = sessionCookie(parseCookies(cookieHeader));
  if (!token) return null;
  let payload: unknown;
  try {
    payload = await decode({ token, secret });
  } catch {
    return null;
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) return null;
  const { sub, name, role, exerciseId, iat, exp } = claims.data;
  const authTime = authTimeOf(claims.data) ?? iat;
  const expiresAt = Math.min(exp, sessionEndsAt(authTime));
  if (expiresAt * 1000 <= Date.now()) return null;
  return {
    userId: sub,
    name: name ?? "",
    systemRole: role,
    ...(exerciseId ? { exerciseId } : {}),
    authTime,
    issuedAt: iat,
    expiresAt,
  };
}

/** Makes a session cookie value exactly as next-auth does (used by tests and tools). */
export function encodeSession(
  user: { userId: string; name: string; systemRole: SystemRole; exerciseId?: string | null },
  secret: string,
  maxAge = SESSION_MAX_AGE_S,
  authTime = nowS(),
): Promise<string> {
  return encode({
    secret,
    maxAge,
    token: { sub: user.userId, name: user.name, role: user.systemRole, exerciseId: user.exerciseId ?? null, authTime },
  });
}
