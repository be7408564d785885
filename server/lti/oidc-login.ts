// Step one of an LTI launch (OIDC third-party initiated login): the platform sends the
// browser here; Parley checks it knows the platform, keeps a state and a nonce, and sends
// the browser on to the platform's authentication endpoint.
import { z } from "zod";
import { fail, ok, type Result } from "../../lib/contract/result";
import type { LoginStates } from "./login-states";
import type { PlatformRepository } from "./platform.repository";

export const loginRequestSchema = z.object({
  iss: z.string().trim().min(1).max(2000),
  login_hint: z.string().min(1).max(4000),
  target_link_uri: z.string().trim().max(2000).pipe(z.url()),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().trim().min(1).max(255).optional(),
  lti_deployment_id: z.string().trim().min(1).max(255).optional(),
});

export interface LoginDeps {
  platforms: PlatformRepository;
  states: LoginStates;
  publicUrl: string;
}

/** Where to send the browser next: the platform's authentication request. */
export async function beginLogin(deps: LoginDeps, raw: unknown): Promise<Result<{ redirectTo: string; platformId: string }>> {
  const input = loginRequestSchema.safeParse(raw);
  if (!input.success) return fail("invalid_payload", "The login request needs iss, login_hint and target_link_uri");
  const { iss, login_hint, target_link_uri, lti_message_hint, client_id, lti_deployment_id } = input.data;
  const candidates = await deps.platforms.byIssuer(iss, client_id);
  if (candidates.length === 0)
    return fail("unauthenticated", "No learning platform with this issuer and client id is registered in Parley");
  if (candidates.length > 1)
    return fail("invalid_payload", "Several registrations share this issuer: the platform must send its client_id");
  const platform = candidates[0];
  if (!platform) return fail("unauthenticated", "No learning platform with this issuer and client id is registered in Parley");
  if (lti_deployment_id && !platform.deploymentIds.includes(lti_deployment_id)) {
    return fail("unauthenticated", "This deployment of Parley is not registered for the platform");
  }
  // Only Parley's own addresses: the launch must not become an open redirect.
  if (!target_link_uri.startsWith(`${deps.publicUrl}/`)) return fail("invalid_payload", "The target link is not a Parley address");
  const login = await deps.states.open(platform.id, target_link_uri);
  const auth = new URL(platform.authLoginUrl);
  const params: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: `${deps.publicUrl}/api/lti/launch`,
    login_hint,
    state: login.state,
    nonce: login.nonce,
    ...(lti_message_hint ? { lti_message_hint } : {}),
  };
  for (const [name, value] of Object.entries(params)) auth.searchParams.set(name, value);
  return ok({ redirectTo: auth.toString(), platformId: platform.id });
}
