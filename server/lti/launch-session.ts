// The session a launch begins: the same next-auth cookie a sign-in sets (name, attributes
// and encryption as next-auth makes them), so pages and sockets read it as any other.
import { serialize } from "cookie";
import { encodeSession, SECURE_SESSION_COOKIE, SESSION_COOKIE, SESSION_MAX_AGE_S } from "../auth/session-token";
import type { SystemRole } from "../domain/authorization";

export interface LaunchSession {
  userId: string;
  name: string;
  systemRole: SystemRole;
  /** The exercise the launch leads to (the lobby's "you were removed" notice reads it). */
  exerciseId?: string;
}

/** A Set-Cookie header value. next-auth marks its cookie Secure, with the __Secure- name, when Parley is served over https. */
export async function sessionSetCookie(session: LaunchSession, options: { secret: string; publicUrl: string }): Promise<string> {
  const secure = options.publicUrl.startsWith("https://");
  const value = await encodeSession(session, options.secret, SESSION_MAX_AGE_S);
  return serialize(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, value, {
    httpOnly: true,
    // Lax, as next-auth sets it: sent on the top-level redirect that follows the launch,
    // never from inside another site's frame.
    sameSite: "lax",
    path: "/",
    secure,
    // next-auth's clock is the real one, whatever the server's test clock says.
    expires: new Date(Date.now() + SESSION_MAX_AGE_S * 1000),
  });
}
