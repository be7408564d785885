"use client";
// Shows a server's error text in the reader's language (lib/i18n/server-text.ts). The
// catalog loads after the page (it is not in the room's first-load JavaScript): errors come
// later than that, and until it is there a text shows as the server wrote it.
import { useCallback, useEffect, useState } from "react";
import { useLocale } from "next-intl";
import { translateServerText, type ServerTextCatalog } from "@/lib/i18n/server-text";

const loaders: Record<string, () => Promise<{ default: ServerTextCatalog }>> = { fr: () => import("@/i18n/server-text/fr.json") };
const loaded = new Map<string, ServerTextCatalog>();

export function useServerText(): <T extends string | undefined>(text: T) => T {
  const locale = useLocale();
  // A catalog another component loaded is read from the module's cache; this one's own load is kept in state.
  const [fetched, setFetched] = useState<{ locale: string; catalog: ServerTextCatalog } | null>(null);
  const catalog = loaded.get(locale) ?? (fetched?.locale === locale ? fetched.catalog : undefined);
  useEffect(() => {
    if (loaded.has(locale)) return;
    let current = true;
    void loaders[locale]?.().then((m) => {
      loaded.set(locale, m.default);
      if (current) setFetched({ locale, catalog: m.default });
    });
    return () => {
      current = false;
    };
  }, [locale]);
  return useCallback(
    <T extends string | undefined>(text: T): T => (catalog && text !== undefined ? (translateServerText(text, catalog) as T) : text),
    [catalog],
  );
}
