// Who may become staff through single sign-on. An institution's identity provider knows
// every student too: a new SSO user becomes a facilitator only when an allowlist says so
// (an email domain, or a group the provider puts in the token); everyone else is refused
// unless an administrator made their account first. An email is trusted only when the
// provider says it is verified, since accounts are matched by email.
export interface StaffPolicy {
  /** Email domains whose users may become facilitators (lower case, no "@"). */
  domains: readonly string[];
  /** Group names in `groupsClaim` whose members may become facilitators. */
  groups: readonly string[];
  /** The token claim holding the user's groups. */
  groupsClaim: string;
}

export interface SsoIdentity {
  email?: string | null;
  emailVerified?: boolean | null;
  groups?: readonly string[] | null;
}

export type SsoDecision = { ok: true; email: string; mayBeStaff: boolean } | { ok: false; reason: "no_email" | "unverified_email" };

export function ssoDecision(identity: SsoIdentity, policy: StaffPolicy): SsoDecision {
  const email = identity.email?.trim().toLowerCase();
  if (!email) return { ok: false, reason: "no_email" };
  if (identity.emailVerified !== true) return { ok: false, reason: "unverified_email" };
  const domain = email.slice(email.lastIndexOf("@") + 1);
  const inGroup = (identity.groups ?? []).some((g) => policy.groups.includes(g));
  return { ok: true, email, mayBeStaff: policy.domains.some((d) => d.toLowerCase() === domain) || inGroup };
}

/** Reads the groups claim, whatever shape the provider gives it (a list or one name). */
export function groupsFrom(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
  return typeof value === "string" ? [value] : [];
}

/** "a, b" → ["a", "b"] (env lists). */
export const listOf = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
