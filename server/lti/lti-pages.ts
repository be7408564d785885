// The pages of deep linking. LMSs open content selection in a frame of their own page
// (Moodle's dialog, Canvas's modal), where Parley's session cookie (SameSite=Lax) is not
// sent and its pages refuse to be framed. So these are answered by the LTI routes
// themselves: self-contained, carrying the signed placement token instead of a session,
// and frameable by the launching platform only.
import { createTranslator } from "use-intl";
import en from "../../messages/en.json";
import fr from "../../messages/fr.json";
import type { Locale } from "../../i18n/locales";

type Key = keyof typeof en.lti;
// Through next-intl's translator: inside Next's build the catalogs arrive precompiled (next.config.js).
const TRANSLATORS = {
  en: createTranslator({ locale: "en", messages: en, namespace: "lti" }),
  fr: createTranslator({ locale: "fr", messages: fr, namespace: "lti" }),
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A message of the "lti" namespace with its values (escaped for HTML). */
export function say(locale: Locale, key: Key, values: Record<string, string | number> = {}): string {
  return escapeHtml(TRANSLATORS[locale](key, values));
}

/** Headers for a page the platform may frame: a policy of its own, scripts only with its nonce. */
export function framedHeaders(frameAncestors: readonly string[], nonce: string): Headers {
  return new Headers({
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    // frame-ancestors makes browsers ignore the X-Frame-Options DENY set for every other page.
    "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action 'self' ${frameAncestors.join(" ")}; frame-ancestors 'self' ${frameAncestors.join(" ")}; base-uri 'none'`,
  });
}

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:44rem;margin:1.5rem auto;padding:0 1rem;line-height:1.5}label{display:block;margin:.4rem 0}.meta{color:#555;font-size:.9rem}button{font:inherit;padding:.4rem .9rem;margin:.5rem .5rem 0 0}input[type=text]{font:inherit;width:100%;max-width:30rem}";

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface PickerChoice {
  id: string;
  title: string;
  summary: string;
  roles: number;
  minutes: number;
}

/** The instructor's choice of scenario; the form posts back to Parley with the placement token. */
export function pickerPage(options: {
  locale: Locale;
  ctx: string;
  action: string;
  platformName: string;
  contextTitle: string | null;
  scenarios: PickerChoice[];
}): string {
  const { locale, ctx, scenarios } = options;
  const heading = options.contextTitle ? say(locale, "pickHeading", { course: options.contextTitle }) : say(locale, "pickHeadingNoCourse");
  const choices = scenarios
    .map(
      (s, i) =>
        `<label><input type="radio" name="scenarioId" value="${escapeHtml(s.id)}"${i === 0 ? " checked" : ""} required> <strong>${escapeHtml(s.title)}</strong> <span class="meta">${say(locale, "scenarioMeta", { roles: s.roles, minutes: s.minutes })}</span><br><span class="meta">${escapeHtml(s.summary)}</span></label>`,
    )
    .join("");
  const body =
    `<h1>${heading}</h1><p class="meta">${say(locale, "from", { platform: options.platformName })}</p><p>${say(locale, "pickIntro")}</p>` +
    `<form method="post" action="${escapeHtml(options.action)}"><input type="hidden" name="ctx" value="${escapeHtml(ctx)}">` +
    (scenarios.length === 0
      ? `<p>${say(locale, "noScenarios")}</p>`
      : `<fieldset><legend>${say(locale, "scenario")}</legend>${choices}</fieldset><label>${say(locale, "exerciseTitle")} <span class="meta">${say(locale, "exerciseTitleHint")}</span><br><input type="text" name="title" maxlength="120"></label><button type="submit">${say(locale, "place")}</button>`) +
    `<button type="submit" name="cancel" value="1" formnovalidate>${say(locale, "cancelPlacement")}</button></form>`;
  return page(locale, heading, body);
}

/** The signed answer, posted to the platform at once (and by a button, should scripts be off). */
export function returnPage(options: { locale: Locale; returnUrl: string; jwt: string; nonce: string }): string {
  const { locale } = options;
  const body =
    `<form id="back" method="post" action="${escapeHtml(options.returnUrl)}"><input type="hidden" name="JWT" value="${escapeHtml(options.jwt)}">` +
    `<p role="status">${say(locale, "returning")}</p><button type="submit">${say(locale, "returnButton")}</button></form>` +
    `<script nonce="${options.nonce}">document.getElementById("back").submit()</script>`;
  return page(locale, say(locale, "returning"), body);
}
