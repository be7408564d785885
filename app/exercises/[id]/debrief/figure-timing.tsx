"use client";

import { useTranslations } from "next-intl";
import type { ReplayData } from "@/server/debrief/replay.service";

type DebriefFigures = ReplayData["figures"];

/** How long the exercise took to reach its milestones, and each phase planned against actual. */
export function TimingFigure({ figures, plannedMinutes }: { figures: DebriefFigures; plannedMinutes: readonly number[] }) {
  const t = useTranslations("figures");
  const duration = (ms: number | null) => {
    if (ms === null) return t("notReached");
    return ms < 60_000 ? t("seconds", { seconds: Math.round(ms / 1000) }) : t("minutes", { minutes: Math.round(ms / 60_000) });
  };
  const timed = figures.phases.filter((p) => p.elapsedMs !== null);
  const overrun = timed.filter((p) => (p.overrunMs ?? 0) > 0);

  return (
    <div className="figure-pair">
      <dl className="facts">
        <dt>{t("messages")}</dt>
        <dd>{figures.messagesTotal}</dd>
        <dt>{t("firstBackchannel")}</dt>
        <dd>{duration(figures.msToFirstBackchannel)}</dd>
        <dt>{t("firstTabling")}</dt>
        <dd>{duration(figures.msToFirstTabling)}</dd>
        <dt>{t("signature")}</dt>
        <dd>{duration(figures.msToSignature)}</dd>
        <dt>{t("phasesOverrun")}</dt>
        <dd>{t("phasesOverrunValue", { overrun: overrun.length, timed: timed.length })}</dd>
      </dl>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t("phasesRegion")}>
        <table className="table figure-table">
          <caption>{t("phasesCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("phase")}</th>
              <th scope="col" className="num">
                {t("planned")}
              </th>
              <th scope="col" className="num">
                {t("took")}
              </th>
              <th scope="col" className="num">
                {t("overrunHeading")}
              </th>
            </tr>
          </thead>
          <tbody>
            {/* A phase never left has no plan on record (the clock records it on leaving): the scenario's is shown. */}
            {figures.phases.map((p) => (
              <tr key={p.index}>
                <th scope="row">{p.title}</th>
                <td className="num">{duration(p.plannedMs ?? (plannedMinutes[p.index] ?? 0) * 60_000)}</td>
                <td className="num">{duration(p.elapsedMs)}</td>
                <td className={p.overrunMs ? "num overrun" : "num"}>
                  {p.overrunMs ? t("overrun", { time: duration(p.overrunMs) }) : p.elapsedMs === null ? t("notReached") : t("onTime")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
