// The few HTTP pieces the test LMS needs on node:http: bodies, answers, bearer tokens.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PlatformState } from "./state";

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  return Object.fromEntries(new URLSearchParams(await readBody(req)));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(html);
}

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An OAuth 2 bearer token this platform issued, unexpired and granted `scope`; else it answers 401/403 itself. */
export function bearer(state: PlatformState, req: IncomingMessage, res: ServerResponse, scopes: readonly string[]): string | null {
  const header = req.headers.authorization ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : "";
  const grant = state.tokens.get(token);
  if (!grant || grant.expiresAt <= state.time.now()) {
    sendJson(res, 401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
    return null;
  }
  if (!scopes.some((s) => grant.scopes.includes(s))) {
    sendJson(res, 403, { error: "insufficient_scope" });
    return null;
  }
  return token;
}

/** Pulls a form's action and hidden fields out of an auto-submitting page (what a browser would post). */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in the page: ${html.slice(0, 200)}`);
  const unescape = (v: string) => v.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&");
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]!] = unescape(m[2]!);
  return { action: unescape(action), fields };
}
