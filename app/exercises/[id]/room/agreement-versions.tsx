"use client";

// Every version the viewer has seen: whose text it is, who accepted it, who signed it, and
// the differences between any two of them (the one before, or any pair chosen).
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
      {a.versions.length > 1 && (
        <form className="compare-versions" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t("compareFrom")}{" "}
            <select
              value={compare?.[0] ?? ""}
              onChange={(e) => setCompare([Number(e.target.value), compare?.[1] ?? a.versions.at(-1)!.number])}
            >
              <option value="" disabled>
                {t("chooseVersion")}
              </option>
              {a.versions.map((v) => (
                <option key={v.number} value={v.number}>
                  v{v.number}
                </option>
              ))}
            </select>
          </label>{" "}
          <label>
            {t("compareTo")}{" "}
            <select
              value={compare?.[1] ?? ""}
              onChange={(e) => setCompare([compare?.[0] ?? a.versions[0]!.number, Number(e.target.value)])}
            >
              <option value="" disabled>
                {t("chooseVersion")}
              </option>
              {a.versions.map((v) => (
                <option key={v.number} value={v.number}>
                  v{v.number}
                </option>
              ))}
            </select>
          </label>
        </form>
      )}
      {older && newer && older.number === newer.number && <p className="meta">{t("sameVersion")}</p>}
      {older && newer && older.number !== newer.number && (
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
