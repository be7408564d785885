"use client";

import { useTranslations } from "next-intl";
import { callApi } from "@/lib/client/api";
import type { ReplayData } from "@/server/debrief/replay.service";
import { NetworkFigure } from "./figure-network";
import { PhaseTalkFigure, TalkShareFigure } from "./figure-talk";
import { TimingFigure } from "./figure-timing";
import "./figures.css";

export function Figures({
  data,
  roleName,
  exerciseId,
  staff,
  onChanged,
}: {
  data: ReplayData;
  roleName: (k?: string) => string;
  exerciseId: string;
  staff: boolean;
  onChanged: () => void;
}) {
  const t = useTranslations("figures");
  const f = data.figures;

  return (
    <section className="figures" aria-labelledby="figures-heading">
      <h2 id="figures-heading">{t("heading")}</h2>
      <p className="meta">{t("scope")}</p>
      <section className="panel" aria-labelledby="figures-network">
        <h3 id="figures-network">{t("networkHeading")}</h3>
        <NetworkFigure figures={f} roleName={roleName} />
      </section>
      <section className="panel" aria-labelledby="figures-talk">
        <h3 id="figures-talk">{t("talkHeading")}</h3>
        <TalkShareFigure figures={f} roleName={roleName} />
        <h4>{t("phaseTalkHeading")}</h4>
        <PhaseTalkFigure figures={f} roleName={roleName} />
      </section>
      <section className="panel" aria-labelledby="figures-timing">
        <h3 id="figures-timing">{t("timingHeading")}</h3>
        <TimingFigure figures={f} plannedMinutes={data.phases.map((p) => p.minutes)} />
      </section>
      {staff && data.objectives && (
        <section className="panel" aria-labelledby="figures-objectives">
          <h3 id="figures-objectives">{t("objectives")}</h3>
          {data.objectives.map((o) => (
            <fieldset key={o.roleKey} className="audience">
              <legend>{roleName(o.roleKey)}</legend>
              {o.items.map((item) => (
                <label key={item.id} className="check">
                  <input
                    type="checkbox"
                    checked={item.met}
                    onChange={async (e) => {
                      await callApi(`/api/exercises/${exerciseId}/objectives`, {
                        body: { roleKey: o.roleKey, objectiveId: item.id, met: e.target.checked },
                      });
                      onChanged();
                    }}
                  />{" "}
                  {item.text}
                </label>
              ))}
            </fieldset>
          ))}
        </section>
      )}
    </section>
  );
}
