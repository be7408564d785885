"use client";

import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ReplayData } from "@/server/debrief/replay.service";

type DebriefFigures = ReplayData["figures"];
import { FONT_PX, layoutNetwork, linksOf } from "./figure-layout";

/** The width the element is drawn at (a guess until it is measured, on the server for instance). */
function useWidth(guess: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(guess);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const next = Math.round(entry?.contentRect.width ?? 0);
      if (next > 0) setWidth(next);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** Who talked to whom: the seated roles, and a line per pair whose width grows with messages. */
export function NetworkFigure({ figures, roleName }: { figures: DebriefFigures; roleName: (k?: string) => string }) {
  const t = useTranslations("figures");
  const { ref, width } = useWidth(640);
  const layout = useMemo(() => layoutNetwork(figures, (k) => roleName(k), width), [figures, roleName, width]);
  const links = useMemo(() => linksOf(figures).sort((x, y) => y.plenary + y.backchannel - (x.plenary + x.backchannel)), [figures]);

  return (
    <div className="figure-pair">
      <figure className="figure">
        <div ref={ref} className="network-frame">
          {figures.nodes.length === 0 ? (
            <p className="meta">{t("noSeated")}</p>
          ) : (
            <svg
              className="network-svg"
              viewBox={`0 0 ${layout.width} ${layout.height}`}
              width={layout.width}
              height={layout.height}
              role="img"
              aria-label={t("networkImage")}
            >
              <g className="network-links">
                {layout.links.map((l) => (
                  <g key={`${l.a}|${l.b}`}>
                    {l.plenary > 0 && <path d={l.plenaryPath} className="link-plenary" strokeWidth={l.plenaryWidth} />}
                    {l.backchannel > 0 && <path d={l.backchannelPath} className="link-backchannel" strokeWidth={l.backchannelWidth} />}
                  </g>
                ))}
              </g>
              {layout.nodes.map((n) => (
                <g key={n.roleKey} className="network-node">
                  <circle cx={n.x} cy={n.y} r={n.r} />
                  <text x={n.label.x} y={n.label.y} textAnchor={n.label.anchor} fontSize={FONT_PX}>
                    {n.label.lines.map((line, i) => (
                      <tspan key={i} x={n.label.x} dy={i === 0 ? 0 : "1.23em"}>
                        {line}
                      </tspan>
                    ))}
                  </text>
                </g>
              ))}
            </svg>
          )}
        </div>
        <ul className="figure-legend" aria-hidden="true">
          <li>
            <span className="swatch swatch-plenary" /> {t("plenary")}
          </li>
          <li>
            <span className="swatch swatch-backchannel" /> {t("backchannel")}
          </li>
          <li>{t("legendSize")}</li>
        </ul>
        <figcaption>{t("networkCaption")}</figcaption>
      </figure>
      {/* Focusable so the table can be scrolled sideways by keyboard on small screens. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t("linksRegion")}>
        <table className="table figure-table">
          <caption>{t("linksCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("between")}</th>
              <th scope="col" className="num">
                {t("plenary")}
              </th>
              <th scope="col" className="num">
                {t("backchannel")}
              </th>
            </tr>
          </thead>
          <tbody>
            {links.length === 0 ? (
              <tr>
                <td colSpan={3}>{t("noLinks")}</td>
              </tr>
            ) : (
              links.map((l) => (
                <tr key={`${l.a}|${l.b}`}>
                  <th scope="row">{t("pair", { a: roleName(l.a), b: roleName(l.b) })}</th>
                  <td className="num">{l.plenary}</td>
                  <td className="num">{l.backchannel}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
