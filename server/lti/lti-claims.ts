// The claims of an LTI 1.3 launch (IMS LTI 1.3 Core, Deep Linking 2.0, AGS 2.0, NRPS 2.0),
// parsed with zod after the signature was verified. Plain TypeScript: no storage, no HTTP.
import { z } from "zod";

const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinking: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
} as const;

export const SCOPE = {
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  memberships: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

/** The custom parameter a Parley link carries: the exercise it leads to. */
export const EXERCISE_PARAM = "parley_exercise";

const text = z.string().trim().min(1).max(1000);
const url = z.url().max(2000);

export const launchClaimsSchema = z.looseObject({
  sub: text,
  name: z.string().max(200).optional(),
  given_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  [CLAIM.version]: z.literal("1.3.0"),
  [CLAIM.messageType]: z.enum(["LtiResourceLinkRequest", "LtiDeepLinkingRequest"]),
  [CLAIM.deploymentId]: text,
  [CLAIM.targetLinkUri]: url.optional(),
  [CLAIM.roles]: z.array(z.string().max(500)).max(100),
  [CLAIM.context]: z.looseObject({ id: text, title: z.string().max(500).optional(), label: z.string().max(500).optional() }).optional(),
  [CLAIM.resourceLink]: z.looseObject({ id: text, title: z.string().max(500).optional() }).optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.ags]: z.looseObject({ scope: z.array(z.string()).default([]), lineitems: url.optional(), lineitem: url.optional() }).optional(),
  [CLAIM.nrps]: z.looseObject({ context_memberships_url: url }).optional(),
  [CLAIM.deepLinking]: z
    .looseObject({
      deep_link_return_url: url,
      accept_types: z.array(z.string()),
      accept_multiple: z.boolean().optional(),
      data: z.string().max(4000).optional(),
    })
    .optional(),
});
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

/**
 * A role's principal: ".../membership#Instructor" and ".../membership/Instructor#TeachingAssistant"
 * (a sub-role) both give "Instructor"; the deprecated short names stay as they are.
 */
export function principalOf(role: string): string {
  const membership = /\/membership\/([A-Za-z]+)#/.exec(role) ?? /\/membership#([A-Za-z]+)$/.exec(role);
  if (membership?.[1]) return membership[1];
  return role.includes("/") || role.includes("#") ? "" : role;
}

/** Course roles that run the exercise: instructors (teaching assistants are a sub-role), course administrators and content developers. */
const STAFF = new Set(["Instructor", "Administrator", "ContentDeveloper"]);

export type CourseRole = "instructor" | "learner" | "other";

export function courseRoleOf(roles: readonly string[]): CourseRole {
  const principals = roles.map(principalOf);
  if (principals.some((p) => STAFF.has(p))) return "instructor";
  if (principals.includes("Learner")) return "learner";
  return "other";
}

/** The name Parley shows: the token's name, else given and family names, else "Learner 1234". */
export function displayNameOf(claims: Pick<LaunchClaims, "sub" | "name" | "given_name" | "family_name">): string {
  const full = claims.name?.trim() || [claims.given_name?.trim(), claims.family_name?.trim()].filter(Boolean).join(" ");
  if (full) return full.slice(0, 60);
  const digits = claims.sub.replace(/\D/g, "").slice(-4);
  return `Learner ${digits || claims.sub.slice(-4)}`;
}

/** The exercise a resource link names in its custom parameters, if it does. */
export function exerciseParamOf(claims: LaunchClaims): string | undefined {
  const value = claims[CLAIM.custom]?.[EXERCISE_PARAM];
  return typeof value === "string" && value.length > 0 && value.length <= 40 ? value : undefined;
}
