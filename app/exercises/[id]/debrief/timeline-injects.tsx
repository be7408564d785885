"use client";

import { useTranslations } from "next-intl";
import type { InjectEvent } from "@/lib/replay/replay-index";

/** Every inject released by the moment shown, newest first, so none drops out of view. */
export function TimelineInjects({ injects, time }: { injects: readonly InjectEvent[]; time: (iso: string) => string }) {
  const t = useTranslations("debrief");
  if (injects.length === 0) return null;
  return (
    <section className="injects tl-injects" aria-label={t("injectsSoFar", { count: injects.length })} tabIndex={0}>
      <p className="inject-label">{t("injectsSoFar", { count: injects.length })}</p>
      <ol>
        {[...injects].reverse().map((e) => (
          <li key={e.seq} className="inject">
            <h3>
              {e.payload.title} <span className="meta">{time(e.at)}</span>
            </h3>
            <p>{e.payload.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
