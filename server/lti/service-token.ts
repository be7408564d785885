// Calls to a platform's services (AGS, NRPS) carry an OAuth 2 bearer token that Parley
// gets with the client-credentials grant and a JWT client assertion signed with its own
// key (IMS Security Framework), never the launch's id token: grades can go days later.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { LtiKeys } from "./lti-keys";
import type { Platform } from "./platform.repository";

/** A failed service call, with a message fit for the facilitator's grade status. */
export class LtiServiceError extends Error {
  override name = "LtiServiceError";
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

/** Tokens are used until this long before they expire. */
const MARGIN_MS = 60_000;
export const SERVICE_TIMEOUT_MS = 15_000;

export interface ServiceCalls {
  /** A fetch to a platform service with a bearer token for `scopes`; a refused token is replaced once. */
  call(platform: Platform, scopes: readonly string[], url: string, init?: RequestInit): Promise<Response>;
}

export function createServiceCalls(keys: LtiKeys, now: () => number): ServiceCalls {
  const cache = new Map<string, { token: string; expiresAt: number }>();
  const keyOf = (platform: Platform, scopes: readonly string[]) => `${platform.id} ${[...scopes].sort().join(" ")}`;

  async function fetchToken(platform: Platform, scopes: readonly string[]): Promise<{ token: string; expiresAt: number }> {
    const assertion = await keys.sign(
      { iss: platform.clientId, sub: platform.clientId, aud: platform.accessTokenUrl, jti: randomUUID() },
      { expiresInS: 5 * 60, now: now() },
    );
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope: scopes.join(" "),
    });
    let res: Response;
    try {
      res = await fetch(platform.accessTokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body,
        signal: AbortSignal.timeout(SERVICE_TIMEOUT_MS),
      });
    } catch {
      throw new LtiServiceError("The platform's token endpoint could not be reached");
    }
    if (!res.ok) throw new LtiServiceError(`The platform's token endpoint refused Parley (HTTP ${res.status})`);
    const parsed = tokenSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new LtiServiceError("The platform's token endpoint sent no access token");
    return { token: parsed.data.access_token, expiresAt: now() + (parsed.data.expires_in ?? 3600) * 1000 - MARGIN_MS };
  }

  async function tokenFor(platform: Platform, scopes: readonly string[], fresh: boolean): Promise<string> {
    const key = keyOf(platform, scopes);
    const cached = cache.get(key);
    if (!fresh && cached && cached.expiresAt > now()) return cached.token;
    const got = await fetchToken(platform, scopes);
    cache.set(key, got);
    return got.token;
  }

  return {
    async call(platform, scopes, url, init = {}) {
      const attempt = async (fresh: boolean) => {
        const headers = new Headers(init.headers);
        headers.set("authorization", `Bearer ${await tokenFor(platform, scopes, fresh)}`);
        try {
          return await fetch(url, { ...init, headers, signal: AbortSignal.timeout(SERVICE_TIMEOUT_MS) });
        } catch {
          throw new LtiServiceError("The platform could not be reached");
        }
      };
      const first = await attempt(false);
      // A token the platform no longer accepts (revoked, or its clock ran ahead): one fresh try.
      return first.status === 401 ? attempt(true) : first;
    },
  };
}
