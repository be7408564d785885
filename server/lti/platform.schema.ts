// What an administrator enters to register an LMS, parsed by the API and checked by the
// admin form alike. No Node-only imports: the form imports it.
import { z } from "zod";

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/** Protocol and host of a URL, or null when it is not one. */
function partsOf(value: string): { protocol: string; hostname: string } | null {
  try {
    const { protocol, hostname } = new URL(value);
    return { protocol, hostname };
  } catch {
    return null;
  }
}

/** An endpoint URL; over https unless `requireHttps` is off or the host is this machine. */
function endpoint(requireHttps: boolean) {
  return z
    .string()
    .trim()
    .max(2000)
    .refine((v) => {
      const url = partsOf(v);
      return url !== null && /^https?:$/.test(url.protocol);
    }, "enter a full URL (https://…)")
    .refine((v) => {
      const url = partsOf(v);
      return !requireHttps || url === null || url.protocol === "https:" || LOOPBACK.includes(url.hostname);
    }, "use an https:// address");
}

export function platformInputSchema(options: { requireHttps: boolean } = { requireHttps: false }) {
  const url = endpoint(options.requireHttps);
  return z.object({
    name: z.string().trim().min(1, "enter a name").max(100, "keep the name under 100 characters"),
    // The platform's issuer is compared exactly as the platform writes it: no trailing slash added or removed.
    issuer: url,
    clientId: z.string().trim().min(1, "enter the client id the platform gave Parley").max(255),
    deploymentIds: z
      .array(z.string().trim().min(1).max(255))
      .min(1, "enter at least one deployment id")
      .max(50)
      .transform((ids) => [...new Set(ids)]),
    authLoginUrl: url,
    accessTokenUrl: url,
    jwksUrl: url,
  });
}
export type PlatformInput = z.infer<ReturnType<typeof platformInputSchema>>;

/** A registered platform as the admin page lists it. */
export interface PlatformSummary extends PlatformInput {
  id: string;
  createdAt: string;
  /** Exercises placed in its courses, and people who launched from it. */
  links: number;
  identities: number;
}

/** The addresses an LMS administrator copies into the platform's tool registration. */
export interface ToolConfiguration {
  toolUrl: string;
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  deepLinkUrl: string;
}

export function toolConfiguration(publicUrl: string): ToolConfiguration {
  const launchUrl = `${publicUrl}/api/lti/launch`;
  return {
    toolUrl: launchUrl,
    loginUrl: `${publicUrl}/api/lti/login`,
    launchUrl,
    jwksUrl: `${publicUrl}/api/lti/jwks`,
    deepLinkUrl: launchUrl,
  };
}
