// The transport of the launch endpoints. Platforms reach them through the browser with
// cross-site GETs and form POSTs, so these routes cannot use apiRoute's same-origin JSON
// guard: they trust nothing but what verification proves. Refusals are a short page in
// the reader's language, with the status the refusal deserves.
import { randomBytes } from "node:crypto";
import { getAppContext, type AppContext } from "../app-context";
import { parseCookies } from "../auth/session-token";
import { translateServerText } from "../../lib/i18n/server-text";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "../../i18n/locales";
import type { ErrorCode } from "../../lib/contract/result";
import fr from "../../i18n/server-text/fr.json";

/** A login request or launch is a few kB; an id token with a large roster claim stays well under this. */
const MAX_FORM_BYTES = 200_000;

const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_payload: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  internal: 500,
};

/** A GET's query or a POST's form body as plain fields; null when the body is too large or not a form. */
export async function fieldsOf(req: Request): Promise<Record<string, string> | null> {
  if (req.method === "GET") return Object.fromEntries(new URL(req.url).searchParams);
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) return null;
  if (Number(req.headers.get("content-length") ?? 0) > MAX_FORM_BYTES || !req.body) return null;
  // Read no further than the limit: a declared length can lie, and a chunked body has none.
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > MAX_FORM_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(next.value);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The reader's language, as pages choose it: the switcher's cookie, else the browser's preference. */
export const localeOf = (req: Request): Locale =>
  resolveLocale(parseCookies(req.headers.get("cookie")).get(LOCALE_COOKIE), req.headers.get("accept-language"));

/** The nonce of the page's Content-Security-Policy (server/http/security-headers.ts puts it on the request), else a new one. */
export function nonceOf(req: Request): string {
  return /'nonce-([^']+)'/.exec(req.headers.get("content-security-policy") ?? "")?.[1] ?? randomBytes(16).toString("base64");
}

/** A refusal as a page: what went wrong, and what to do. */
export function refusalPage(req: Request, refusal: { code: ErrorCode; message: string }): Response {
  const locale = localeOf(req);
  const say = (text: string) => escapeHtml(locale === "fr" ? translateServerText(text, fr) : text);
  const title = say("Parley could not open this activity");
  const body = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><main><h1>${title}</h1><p role="alert">${say(refusal.message)}</p><p>${say("Go back to your course and open the activity again; if this happens again, tell your course's administrator.")}</p></main></body></html>`;
  return new Response(body, {
    status: STATUS[refusal.code] ?? 400,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

export function redirect(to: string, setCookie?: string): Response {
  const headers = new Headers({ location: to, "cache-control": "no-store" });
  if (setCookie) headers.append("set-cookie", setCookie);
  // 303: the browser follows with a GET, whatever method brought it here.
  return new Response(null, { status: 303, headers });
}

/** A launch-side route: errors become a 500 page without their text, as apiRoute does for JSON. */
export function ltiRoute(handler: (req: Request, app: AppContext) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    const app = getAppContext();
    try {
      return await handler(req, app);
    } catch (error) {
      app.logger.error({ err: error, url: req.url }, "LTI route failed");
      app.metrics.error("api");
      return refusalPage(req, { code: "internal", message: "Something went wrong on the server; nothing was changed" });
    }
  };
}
