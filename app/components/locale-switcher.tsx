"use client";

import { useLocale, useTranslations } from "next-intl";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, type Locale } from "@/i18n/locales";

const CHOICES = [
  { locale: "en", key: "english" },
  { locale: "fr", key: "french" },
] as const;

/** The language remembered for a year in a cookie, then the page reloaded in it (the server reads the cookie). */
function switchTo(locale: Locale) {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${LOCALE_COOKIE_MAX_AGE}; SameSite=Lax${secure}`;
  window.location.reload();
}

/** Chooses the interface language. */
export function LocaleSwitcher() {
  const t = useTranslations("layout");
  const current = useLocale();

  function choose(locale: Locale) {
    if (locale !== current) switchTo(locale);
  }

  return (
    <div role="group" aria-label={t("language")} style={{ display: "flex", gap: "0.25rem" }}>
      {CHOICES.map(({ locale, key }) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          className="button button-quiet"
          aria-pressed={locale === current}
          style={locale === current ? { background: "rgba(255, 255, 255, 0.2)" } : undefined}
          onClick={() => choose(locale)}
        >
          {t(key)}
        </button>
      ))}
    </div>
  );
}
