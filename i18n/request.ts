// next-intl's request configuration, without i18n routing: URLs carry no locale; the
// language comes from the PARLEY_LOCALE cookie, else the Accept-Language header, else English.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "./locales";
import en from "../messages/en.json";
import fr from "../messages/fr.json";

const MESSAGES: Record<Locale, typeof en> = { en, fr };

export default getRequestConfig(async () => {
  const locale = resolveLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  return { locale, messages: MESSAGES[locale] };
});
