// Whoever reaches a fresh Parley first must not become its administrator: the first-run
// page asks for a one-time token that only the operator sees, in the server's log.
import { randomBytes, timingSafeEqual } from "node:crypto";

export function newSetupToken(): string {
  return randomBytes(18).toString("base64url");
}

/** Whether `given` is the token, compared in constant time. */
export function isSetupToken(expected: string | undefined, given: unknown): boolean {
  if (!expected || typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
