// How a transcript speaks to its reader: in their language (the `debrief.printout` messages)
// and their time zone (UTC unless they chose one), every time saying which zone it is in.
// The Markdown export and the print page share these words, so they say the same thing.
import { createTranslator } from "use-intl";
import { z } from "zod";
import type { Locale } from "../../i18n/locales";
import en from "../../messages/en.json";
import fr from "../../messages/fr.json";

const MESSAGES: Record<Locale, typeof en> = { en, fr };

export type PrintoutKey = keyof typeof en.debrief.printout;

export interface TranscriptWords {
  locale: Locale;
  /** A canonical IANA name; "UTC" when the reader chose none. */
  zone: string;
  say(key: PrintoutKey, values?: Record<string, string | number>): string;
  exerciseStatus(status: string): string;
  agreementStatus(status: string): string;
  /** A ballot's choice in words ("yes", "pour"). */
  choice(choice: string): string;
  /** "09:01 UTC", "10:01 Europe/Paris": the time of day in the reader's zone, labelled. */
  time(at: string): string;
  /** "Monday, 23 November 2026", "lundi 23 novembre 2026": the day in the reader's zone. */
  day(at: string): string;
  /** The calendar day in the reader's zone as YYYY-MM-DD (for `<time dateTime>` and comparing). */
  dayKey(at: string): string;
}

/** The name Intl knows a zone by, or null when it knows no such zone. */
function canonicalZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A `tz` query parameter: an IANA time zone, as its canonical name ("europe/paris" gives "Europe/Paris"). */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((name, ctx) => {
    const zone = canonicalZone(name);
    if (zone) return zone;
    ctx.addIssue({ code: "custom", message: "Not an IANA time zone" });
    return z.NEVER;
  });

export function transcriptWords(locale: Locale, zone = "UTC"): TranscriptWords {
  const messages = MESSAGES[locale];
  const t = createTranslator({ locale, messages, namespace: "debrief.printout" });
  const named = (names: Record<string, string>) => (status: string) => names[status] ?? status;
  // 24-hour hh:mm in every language; the label, not the format, carries the zone.
  const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
  const calendar = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: zone,
  });
  const isoDay = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: zone });
  return {
    locale,
    zone,
    say: (key, values) => t(key, values),
    exerciseStatus: named(messages.room.status),
    agreementStatus: named(messages.agreement.status),
    choice: named(messages.agreement.votes.choice),
    time: (at) => `${clock.format(new Date(at))} ${zone}`,
    day: (at) => calendar.format(new Date(at)),
    dayKey: (at) => isoDay.format(new Date(at)),
  };
}

/**
 * The entries that open a day in the reader's zone: the first timed entry, then the first
 * after each midnight there. A transcript names the day before each, so that an exercise
 * across midnight (in that zone) is never ambiguous. Phase headings carry no time.
 */
export function dayOpeners(entries: readonly { seq: number; at: string; kind: string }[], words: TranscriptWords): Set<number> {
  const openers = new Set<number>();
  let current = "";
  for (const e of entries) {
    if (e.kind === "phase") continue;
    const day = words.dayKey(e.at);
    if (day !== current) openers.add(e.seq);
    current = day;
  }
  return openers;
}
