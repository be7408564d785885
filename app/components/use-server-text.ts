"use client";
// Shows a server's error text in the reader's language (lib/i18n/server-text.ts).
import { useCallback } from "react";
import { useLocale } from "next-intl";
import { translateServerText, type ServerTextCatalog } from "@/lib/i18n/server-text";
import fr from "@/messages/server/fr.json";

const catalogs: Record<string, ServerTextCatalog> = { fr };

export function useServerText(): <T extends string | undefined>(text: T) => T {
  const catalog = catalogs[useLocale()];
  return useCallback(<T extends string | undefined>(text: T): T => (catalog && text !== undefined ? (translateServerText(text, catalog) as T) : text), [catalog]);
}
