// The languages Parley's interface speaks, and how a request picks one. Kept free of
// Next.js imports so that client components and tests can use it too.

export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie that remembers the language chosen with the switcher in the site header. */
export const LOCALE_COOKIE = "PARLEY_LOCALE";
/** One year, in seconds. */
export const LOCALE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The first language of an Accept-Language header that Parley speaks, in the order of the
 * header's q-values ("fr-CH, de;q=0.9, en;q=0.8" gives "fr"); undefined when none is.
 */
export function fromAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((r) => r.language && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  return ranges.map((r) => r.language).find(isLocale);
}

/** The cookie when it holds a language Parley speaks, else the browser's preference, else English. */
export function resolveLocale(cookie: string | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  return fromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}

/**
 * Locale for dates and times shown in the interface: French formats in French; in English
 * the browser's own regional format (undefined), as before the interface was translated.
 */
export function dateLocale(locale: string): string | undefined {
  return locale === "fr" ? "fr-FR" : undefined;
}
