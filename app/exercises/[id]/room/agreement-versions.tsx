"use client";

// Every version the viewer has seen: whose text it is, who accepted it, who signed it, and
// the differences from the one before.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { diffVersions } from "@/lib/agreements/agreement-diff";
import type { AgreementView } from "@/lib/agreements/agreement-state";
import { VersionCredit, type Who } from "./agreement-history";
import { DiffText } from "./agreement-diff-view";

export function AgreementVersions({ agreement: a, who }: { agreement: AgreementView; who: Who }) {
  const t = useTranslations("agreement");
  const [compare, setCompare] = useState<[number, number] | null>(null);
  const older = compare ? a.versions.find((v) => v.number === compare[0]) : undefined;
  const newer = compare ? a.versions.find((v) => v.number === compare[1]) : undefined;
  return (
    <details className="versions">
      <summary>{t("versions")}</summary>
      <ul>
        {a.versions.map((v, i) => (
          <li key={v.number}>
            <VersionCredit agreement={a} version={v} who={who}>
              {i > 0 && (
                <button type="button" className="link-button" onClick={() => setCompare([a.versions[i - 1]!.number, v.number])}>
                  {t("compare")}
                </button>
              )}
            </VersionCredit>
          </li>
        ))}
      </ul>
      {older && newer && (
        <div className="diff" role="group" aria-label={t("differences", { older: older.number, newer: newer.number })}>
          <p className="meta">
            v{older.number} → v{newer.number}
          </p>
          {diffVersions(older.clauses, newer.clauses)
            .filter((d) => d.state !== "same")
            .map((d) => (
              <p key={d.key} dir="auto">
                <strong>{t("diffTitle", { title: d.title, state: t(`diffState.${d.state === "same" ? "changed" : d.state}`) })}</strong>
                <br />
                <DiffText parts={d.parts} />
              </p>
            ))}
        </div>
      )}
    </details>
  );
}
