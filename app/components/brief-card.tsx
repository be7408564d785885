import { useTranslations } from "next-intl";
import type { ConfidentialBrief } from "@/server/domain/scenario-view";
import { MarkdownText } from "./markdown-text";

export function BriefCard({ brief, heading }: { brief: ConfidentialBrief; heading?: string }) {
  const t = useTranslations("brief");
  return (
    <article className="panel brief" aria-label={t("label", { name: brief.name })}>
      <p className="confidential">{t("confidential")}</p>
      <h3>{heading ?? brief.name}</h3>
      <MarkdownText text={brief.brief} />
      <h4>{t("objectives")}</h4>
      <ul>
        {brief.objectives.map((o) => (
          <li key={o.id}>{o.text}</li>
        ))}
      </ul>
      {brief.redLines.length > 0 && (
        <>
          <h4>{t("redLines")}</h4>
          <ul>
            {brief.redLines.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </>
      )}
      <h4>{t("fallback")}</h4>
      <p>{brief.fallback}</p>
    </article>
  );
}
