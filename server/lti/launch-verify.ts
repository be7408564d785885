// Step two of an LTI launch: the platform's id token, posted back with the state. Trusted
// only when signed with the platform's keys (its JWKS), issued by it for Parley's client
// id, in date, carrying the nonce of an unused login of ours, from a registered deployment.
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { fail, issuesFrom, ok, type Result } from "../../lib/contract/result";
import { CLAIM, launchClaimsSchema, type LaunchClaims } from "./lti-claims";
import type { LoginState, LoginStates } from "./login-states";
import type { Platform, PlatformRepository } from "./platform.repository";

export const launchFormSchema = z.object({ id_token: z.string().min(1).max(100_000), state: z.string().min(1).max(200) });

export interface VerifiedLaunch {
  platform: Platform;
  claims: LaunchClaims;
  login: LoginState;
}

export interface VerifyDeps {
  platforms: PlatformRepository;
  states: LoginStates;
  /** The key set behind a platform's JWKS URL (fetched and cached). */
  keysAt(jwksUrl: string): JWTVerifyGetKey;
  now(): number;
}

/** Clocks of platforms and Parley may differ a little. */
const CLOCK_TOLERANCE_S = 60;
/** An id token is for one launch now, not one kept for later. */
const MAX_TOKEN_AGE_S = 10 * 60;

const expiredOrUsed = () =>
  fail<never>("unauthenticated", "This launch has expired or was already used: open the activity again from your course");

function tokenProblem(error: unknown): Result<never> {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const claim = typeof error === "object" && error !== null && "claim" in error ? String(error.claim) : "";
  if (code === "ERR_JWT_EXPIRED") return fail("unauthenticated", "This launch token has expired: open the activity again from your course");
  if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "iss")
    return fail("unauthenticated", "This launch was issued by another platform than the one that began it");
  if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "aud")
    return fail("unauthenticated", "This launch was not issued for Parley's client id");
  if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "iat")
    return fail("unauthenticated", "This launch token is too old: open the activity again from your course");
  if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" || code === "ERR_JWKS_NO_MATCHING_KEY" || code === "ERR_JOSE_ALG_NOT_ALLOWED") {
    return fail("unauthenticated", "This launch is not signed with the platform's keys");
  }
  if (code === "ERR_JWKS_TIMEOUT" || code === "ERR_JWKS_INVALID" || error instanceof TypeError)
    return fail("unauthenticated", "Parley could not fetch the platform's public keys");
  return fail("unauthenticated", "The launch token is not valid");
}

function authorizedParty(payload: JWTPayload, clientId: string): boolean {
  const several = Array.isArray(payload.aud) && payload.aud.length > 1;
  if (payload.azp === undefined) return !several;
  return payload.azp === clientId;
}

export async function verifyLaunch(deps: VerifyDeps, raw: unknown): Promise<Result<VerifiedLaunch>> {
  const form = launchFormSchema.safeParse(raw);
  if (!form.success) return fail("invalid_payload", "The launch needs an id_token and a state");
  const login = await deps.states.find(form.data.state);
  if (!login) return expiredOrUsed();
  const platform = await deps.platforms.find(login.platformId);
  if (!platform) return fail("unauthenticated", "The platform of this launch is no longer registered in Parley");

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(form.data.id_token, deps.keysAt(platform.jwksUrl), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ["RS256"],
      clockTolerance: CLOCK_TOLERANCE_S,
      maxTokenAge: MAX_TOKEN_AGE_S + CLOCK_TOLERANCE_S,
      requiredClaims: ["exp", "iat", "nonce"],
      currentDate: new Date(deps.now()),
    }));
  } catch (error) {
    return tokenProblem(error);
  }
  if (!authorizedParty(payload, platform.clientId)) return fail("unauthenticated", "This launch was not issued for Parley's client id");
  if (payload.nonce !== login.nonce) return fail("unauthenticated", "This launch's nonce does not belong to its login");
  const claims = launchClaimsSchema.safeParse(payload);
  if (!claims.success) return fail("invalid_payload", "The launch's LTI claims are not valid", issuesFrom(claims.error));
  if (!platform.deploymentIds.includes(claims.data[CLAIM.deploymentId])) {
    return fail("unauthenticated", "This deployment of Parley is not registered for the platform");
  }
  // Last, and atomically: of two requests with one state, one wins.
  if (!(await deps.states.consume(login.state))) return expiredOrUsed();
  return ok({ platform, claims: claims.data, login });
}
