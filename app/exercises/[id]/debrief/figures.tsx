"use client";

import { useTranslations } from "next-intl";
import { callApi } from "@/lib/client/api";
import type { ReplayData } from "@/server/debrief/replay.service";

export function Figures({ data, roleName, exerciseId, staff, onChanged }: { data: ReplayData; roleName: (k?: string) => string; exerciseId: string; staff: boolean; onChanged: () => void }) {
  const t = useTranslations("figures");
  const minutes = (ms: number | null) => (ms === null ? "—" : t("minutes", { minutes: Math.round(ms / 60_000) }));
  const f = data.figures;
  const roles = data.roles.map((r) => r.key);
  const size = 320;
  const radius = 120;
  const pos = new Map(roles.map((r, i) => [r, { x: size / 2 + radius * Math.cos((2 * Math.PI * i) / roles.length - Math.PI / 2), y: size / 2 + radius * Math.sin((2 * Math.PI * i) / roles.length - Math.PI / 2) }]));
  const maxWeight = Math.max(1, ...f.edges.map((e) => e.plenary + e.backchannel));

  return (
    <section className="figures" aria-labelledby="figures-heading">
      <h2 id="figures-heading">{t("heading")}</h2>
      <div className="figures-grid">
        <figure className="panel">
          <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={t("graph")}>
            {f.edges.map((e) => {
              const a = pos.get(e.from);
              const b = pos.get(e.to);
              if (!a || !b) return null;
              return (
                <g key={`${e.from}-${e.to}`}>
                  {e.plenary > 0 && <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#9aa3ad" strokeWidth={1 + (6 * e.plenary) / maxWeight} strokeOpacity={0.6} />}
                  {e.backchannel > 0 && <line x1={a.x + 3} y1={a.y + 3} x2={b.x + 3} y2={b.y + 3} stroke="#b91c1c" strokeWidth={1 + (6 * e.backchannel) / maxWeight} />}
                </g>
              );
            })}
            {roles.map((r) => {
              const p = pos.get(r)!;
              return (
                <g key={r}>
                  <circle cx={p.x} cy={p.y} r={8} fill="#1f4e79" />
                  <text x={p.x} y={p.y + (p.y > size / 2 ? 22 : -14)} textAnchor="middle" fontSize="10">
                    {roleName(r).slice(0, 24)}
                  </text>
                </g>
              );
            })}
          </svg>
          <figcaption>{t("graphCaption")}</figcaption>
        </figure>
        <div className="panel">
          <dl className="facts">
            <dt>{t("messages")}</dt>
            <dd>{f.messagesTotal}</dd>
            <dt>{t("firstBackchannel")}</dt>
            <dd>{minutes(f.msToFirstBackchannel)}</dd>
            <dt>{t("firstTabling")}</dt>
            <dd>{minutes(f.msToFirstTabling)}</dd>
            <dt>{t("signature")}</dt>
            <dd>{minutes(f.msToSignature)}</dd>
          </dl>
          {/* Focusable so the table can be scrolled sideways by keyboard on small screens. */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t("tableRegion")}>
          <table className="table">
            <caption>{t("tableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("phase")}</th>
                {roles.map((r) => (
                  <th key={r} scope="col">
                    {roleName(r)}
                  </th>
                ))}
                <th scope="col">{t("planned")}</th>
                <th scope="col">{t("took")}</th>
              </tr>
            </thead>
            <tbody>
              {f.phases.map((p) => (
                <tr key={p.index}>
                  <th scope="row">{p.title}</th>
                  {roles.map((r) => (
                    <td key={r}>{p.messagesByRole[r] ?? 0}</td>
                  ))}
                  <td>{minutes(p.plannedMs)}</td>
                  <td className={p.overrunMs ? "overrun" : ""}>
                    {minutes(p.elapsedMs)}
                    {p.overrunMs ? ` ${t("overrun", { time: minutes(p.overrunMs) })}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </div>
        {staff && data.objectives && (
          <div className="panel">
            <h3>{t("objectives")}</h3>
            {data.objectives.map((o) => (
              <fieldset key={o.roleKey} className="audience">
                <legend>{roleName(o.roleKey)}</legend>
                {o.items.map((item) => (
                  <label key={item.id} className="check">
                    <input
                      type="checkbox"
                      checked={item.met}
                      onChange={async (e) => {
                        await callApi(`/api/exercises/${exerciseId}/objectives`, { body: { roleKey: o.roleKey, objectiveId: item.id, met: e.target.checked } });
                        onChanged();
                      }}
                    />{" "}
                    {item.text}
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
