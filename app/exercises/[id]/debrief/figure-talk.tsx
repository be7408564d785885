"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { CSSProperties } from "react";
import type { ReplayData } from "@/server/debrief/replay.service";

type DebriefFigures = ReplayData["figures"];

/** Okabe–Ito colours (told apart with the common colour-vision deficiencies; wine instead of its pale yellow), in role order. */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255", "#555555"];
export const roleColour = (index: number) => PALETTE[index % PALETTE.length] ?? "#555555";

type Props = { figures: DebriefFigures; roleName: (k?: string) => string };

/** Each seated role's share of the words written between delegations, overall. */
export function TalkShareFigure({ figures, roleName }: Props) {
  const t = useTranslations("figures");
  const format = useFormatter();
  const percent = (share: number) => format.number(share, { style: "percent", maximumFractionDigits: 0 });
  const max = Math.max(0, ...figures.nodes.map((n) => n.wordShare));

  return (
    <div className="figure-pair">
      <figure className="figure">
        <div className="share-bars" role="img" aria-label={t("talkImage")}>
          {figures.nodes.map((n, i) => (
            <div key={n.roleKey} className="share-row">
              <span className="share-label">{roleName(n.roleKey)}</span>
              <span className="share-track">
                <span className="share-bar" style={{ width: `${max ? (100 * n.wordShare) / max : 0}%`, background: roleColour(i) }} />
              </span>
              <span className="share-value">{percent(n.wordShare)}</span>
            </div>
          ))}
        </div>
        <figcaption>{t("talkCaption")}</figcaption>
      </figure>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t("talkRegion")}>
        <table className="table figure-table">
          <caption>{t("talkTableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("role")}</th>
              <th scope="col" className="num">
                {t("messages")}
              </th>
              <th scope="col" className="num">
                {t("words")}
              </th>
              <th scope="col" className="num">
                {t("wordShare")}
              </th>
              <th scope="col" className="num">
                {t("messageShare")}
              </th>
            </tr>
          </thead>
          <tbody>
            {figures.nodes.map((n) => (
              <tr key={n.roleKey}>
                <th scope="row">{roleName(n.roleKey)}</th>
                <td className="num">{n.messages}</td>
                <td className="num">{n.words}</td>
                <td className="num">{percent(n.wordShare)}</td>
                <td className="num">{percent(n.messageShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The same share within each phase: one bar per phase, split by role. */
export function PhaseTalkFigure({ figures, roleName }: Props) {
  const t = useTranslations("figures");
  const format = useFormatter();
  const percent = (share: number) => format.number(share, { style: "percent", maximumFractionDigits: 0 });
  const phases = figures.phases.map((p) => ({ ...p, words: figures.nodes.reduce((sum, n) => sum + (p.wordsByRole[n.roleKey] ?? 0), 0) }));

  return (
    <div className="figure-pair">
      <figure className="figure">
        <ul className="figure-legend" aria-hidden="true">
          {figures.nodes.map((n, i) => (
            <li key={n.roleKey}>
              <span className="swatch" style={{ background: roleColour(i) }} /> {roleName(n.roleKey)}
            </li>
          ))}
        </ul>
        <div className="share-bars" role="img" aria-label={t("phaseTalkImage")}>
          {phases.map((p) => (
            <div key={p.index} className="share-row phase-row">
              <span className="share-label">{p.title}</span>
              {p.words === 0 ? (
                <span className="phase-empty">{t("noTalk")}</span>
              ) : (
                <span className="share-stack">
                  {figures.nodes.map((n, i) => {
                    const share = (p.wordsByRole[n.roleKey] ?? 0) / p.words;
                    if (share === 0) return null;
                    const style: CSSProperties = { flexGrow: share, background: roleColour(i) };
                    return (
                      <span
                        key={n.roleKey}
                        className="stack-part"
                        style={style}
                        title={t("partTitle", { role: roleName(n.roleKey), share: percent(share) })}
                      />
                    );
                  })}
                </span>
              )}
            </div>
          ))}
        </div>
        <figcaption>{t("phaseTalkCaption")}</figcaption>
      </figure>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t("phaseTalkRegion")}>
        <table className="table figure-table">
          <caption>{t("phaseTalkTableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("role")}</th>
              {phases.map((p) => (
                <th key={p.index} scope="col" className="num">
                  {p.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {figures.nodes.map((n) => (
              <tr key={n.roleKey}>
                <th scope="row">{roleName(n.roleKey)}</th>
                {phases.map((p) => {
                  const words = p.wordsByRole[n.roleKey] ?? 0;
                  return (
                    <td key={p.index} className="num">
                      {t("wordsCell", {
                        words,
                        messages: p.messagesByRole[n.roleKey] ?? 0,
                        share: p.words ? percent(words / p.words) : "—",
                      })}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
