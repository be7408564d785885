// What the test LMS holds: its keys, its course and members, the links placed in it, its
// line items and the scores it received, the tokens it issued. Shared by its endpoints.
import type { JWK } from "jose";

export const LIS = "http://purl.imsglobal.org/vocab/lis/v2/membership";
export const ROLES = {
  instructor: `${LIS}#Instructor`,
  teachingAssistant: `${LIS}/Instructor#TeachingAssistant`,
  learner: `${LIS}#Learner`,
  mentor: `${LIS}#Mentor`,
} as const;

export const SCOPES = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemRead: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  resultRead: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  memberships: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

/** The tool's addresses as an LMS administrator registers them. */
export interface ToolUrls {
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
}

export const toolUrlsOf = (parleyUrl: string): ToolUrls => ({
  loginUrl: `${parleyUrl}/api/lti/login`,
  launchUrl: `${parleyUrl}/api/lti/launch`,
  jwksUrl: `${parleyUrl}/api/lti/jwks`,
});

export interface PlatformUser {
  sub: string;
  roles: string[];
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  /** NRPS status: "Active" unless said otherwise. */
  status?: "Active" | "Inactive" | "Deleted";
}

/** A link an instructor placed in the course by deep linking. */
export interface PlacedLink {
  resourceLinkId: string;
  title: string;
  url: string;
  custom: Record<string, string>;
  lineItemUrl?: string;
}

export interface LineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  resourceLinkId?: string;
  tag?: string;
}

export interface RecordedScore {
  lineItemId: string;
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  /** The bearer token it came with (a client-credentials token issued by this platform). */
  token: string;
}

export interface DeepLinkRecord {
  ok: boolean;
  error?: string;
  claims?: Record<string, unknown>;
  contentItems: Record<string, unknown>[];
}

/** How a launch goes wrong on purpose (negative tests), and what it carries. */
export interface LaunchOptions {
  user: PlatformUser;
  messageType?: "LtiResourceLinkRequest" | "LtiDeepLinkingRequest";
  /** For a resource link launch: the placed link. */
  link?: PlacedLink;
  /** Sign with a key the platform does not publish (same kid). */
  signWith?: "platform" | "stranger";
  /** Seconds until the id token expires (negative: already expired). */
  expiresInS?: number;
  deploymentId?: string;
  audience?: string | string[];
  issuer?: string;
  /** Last-minute changes to the id token's claims. */
  alter?: (claims: Record<string, unknown>) => void;
}

export interface PlatformState {
  base: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  tool: ToolUrls;
  time: { now(): number; advance(ms: number): void };
  keys: { kid: string; platform: CryptoKey; publicJwk: JWK; stranger: CryptoKey };
  course: { id: string; title: string; label: string; members: Map<string, PlatformUser> };
  /** Launches begun (login initiated), by lti_message_hint. */
  pending: Map<string, LaunchOptions>;
  links: PlacedLink[];
  lineItems: LineItem[];
  scores: RecordedScore[];
  deepLinkResponses: DeepLinkRecord[];
  /** The `data` of every deep linking launch (an answer must echo one, once). */
  launchedDeepLinks: Set<string>;
  tokens: Map<string, { scopes: string[]; expiresAt: number }>;
  tokenRequests: number;
  seenJtis: Set<string>;
  /** The next scores are answered with this status instead of being recorded. */
  scoreFailures: { remaining: number; status: number };
}
