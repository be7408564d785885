"use client";

// Every opening of a backchannel for reading (by a facilitator or an observer), newest
// first, from the log's oversight.opened events, which only staff receive.
import { useLocale, useTranslations } from "next-intl";
import { dateLocale } from "@/i18n/locales";
import type { Live } from "./console-types";

export function AuditSection({ live, auditUrl }: { live: Live; auditUrl: string | null }) {
  const t = useTranslations("console.audit");
  const locale = useLocale();
  const openings = live.events.flatMap((e) => (e.type === "oversight.opened" ? [e] : [])).reverse();
  return (
    <section id="console-audit" className="console-section" aria-labelledby="console-audit-heading">
      <h2 id="console-audit-heading" className="console-heading">
        {t("heading")}
      </h2>
      <p className="meta">{t("about")}</p>
      {openings.length === 0 ? (
        <p className="empty">{t("none")}</p>
      ) : (
        <ol className="console-audit" aria-label={t("listLabel", { count: openings.length })}>
          {openings.map((e) => (
            <li key={e.seq}>
              <p>
                {t.rich("opened", {
                  reader: e.payload.reader,
                  seat: t(`seat.${e.payload.seat}`),
                  channel: e.payload.channelName,
                  who: (chunks) => <strong dir="auto">{chunks}</strong>,
                  where: (chunks) => <q dir="auto">{chunks}</q>,
                })}
              </p>
              <time className="meta" dateTime={e.at}>
                {new Date(e.at).toLocaleString(dateLocale(locale), {
                  hour: "2-digit",
                  minute: "2-digit",
                  second: "2-digit",
                  day: "numeric",
                  month: "short",
                })}
              </time>
            </li>
          ))}
        </ol>
      )}
      {auditUrl && (
        <p>
          <a href={auditUrl}>{t("fullTrail")}</a>
        </p>
      )}
    </section>
  );
}
