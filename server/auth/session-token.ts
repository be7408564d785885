// Reads the next-auth session cookie (a JWT encrypted with the auth secret). The same
// reader serves the Socket.io handshake and the API routes, so both see one identity.
import { decode, encode } from "next-auth/jwt";
import { z } from "zod";
import { systemRoleSchema, type SystemRole } from "../domain/authorization";

export const SESSION_COOKIE = "next-auth.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-next-auth.session-token";
export const SESSION_MAX_AGE_S = 12 * 60 * 60;


const claimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().nullish(),
  role: systemRoleSchema,
  exerciseId: z.string().nullish(),
  iat: z.number(),
  exp: z.number(),
});

export interface SessionUser {
  userId: string;
  name: string;
  systemRole: SystemRole;
  /** Participants who joined by code are bound to one exercise. */
  exerciseId?: string;
  issuedAt: number;
  expiresAt: number;
}

export function parseCookies(header: string | undefined | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (name) cookies.set(name, decodeURIComponent(part.slice(i + 1).trim()));
  }
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
  if (!claims.success || claims.data.exp * 1000 <= Date.now()) return null;
  const { sub, name, role, exerciseId, iat, exp } = claims.data;
  return {
    userId: sub,
    name: name ?? "",
    systemRole: role,
    ...(exerciseId ? { exerciseId } : {}),
    issuedAt: iat,
    expiresAt: exp,
  };
}

/** Makes a session cookie value exactly as next-auth does (used by tests and tools). */
export function encodeSession(
  user: { userId: string; name: string; systemRole: SystemRole; exerciseId?: string | null },
  secret: string,
  maxAge = SESSION_MAX_AGE_S,
): Promise<string> {
  return encode({
    secret,
    maxAge,
    token: { sub: user.userId, name: user.name, role: user.systemRole, exerciseId: user.exerciseId ?? null },
  });
}
