// Security headers for every page and API response Next serves. The Content-Security-
// Policy carries a fresh nonce per request: it is also put on the request, where Next
// reads it and stamps its own inline scripts with it (get-script-nonce-from-header).
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface SecurityOptions {
  /** Served over https (PUBLIC_URL): browsers are told to keep to it (HSTS). */
  https: boolean;
  /** Next's development server evaluates code for hot reload. */
  development: boolean;
}

export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // React sets style attributes; no script can come in through them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // Socket.io on the same origin (ws: and wss: spelled out for older browsers).
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * LTI launch and deep linking: an LMS opens them in a frame of its own page (Moodle's
 * dialog, Canvas's modal). Those routes send a policy of their own whose frame-ancestors
 * names the launching platform (server/lti/lti-pages.ts), so they get neither the closed
 * policy nor X-Frame-Options here.
 */
export const FRAMEABLE_PATHS = /^\/api\/lti\/(launch|deep-link)(\?|$)/;

export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: SecurityOptions): void {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  if (options.https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (FRAMEABLE_PATHS.test(req.url ?? "")) return;
  const policy = contentSecurityPolicy(randomBytes(16).toString("base64"), options.development);
  req.headers["content-security-policy"] = policy;
  res.setHeader("Content-Security-Policy", policy);
  res.setHeader("X-Frame-Options", "DENY");
}
