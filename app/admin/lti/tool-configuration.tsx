"use client";

// The addresses an LMS administrator copies into the platform, each with a copy button.
import { useTranslations } from "next-intl";
import { CopyLink } from "@/app/components/copy-link";
import type { ToolConfiguration } from "@/server/lti/platform.schema";

export function ToolConfigurationPanel({ configuration }: { configuration: ToolConfiguration }) {
  const t = useTranslations("lti");
  const rows: [string, string][] = [
    [t("toolUrl"), configuration.toolUrl],
    [t("loginUrl"), configuration.loginUrl],
    [t("launchUrl"), configuration.launchUrl],
    [t("jwksUrl"), configuration.jwksUrl],
    [t("deepLinkUrl"), configuration.deepLinkUrl],
  ];
  return (
    <section className="panel" aria-labelledby="tool-heading">
      <h2 id="tool-heading">{t("toolHeading")}</h2>
      <p className="meta">{t("toolHint")}</p>
      <div className="stack">
        {rows.map(([label, url]) => (
          <CopyLink key={label} label={label} url={url} />
        ))}
      </div>
      <p className="meta">{t("clientIdNote")}</p>
    </section>
  );
}
