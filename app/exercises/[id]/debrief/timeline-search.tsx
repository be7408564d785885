"use client";

import { useTranslations } from "next-intl";
import { useDeferredValue, useId, useMemo, useState } from "react";
import { searchReplay, type SearchHit } from "@/lib/replay/replay-search";
import type { ReplayData } from "@/server/debrief/replay.service";
import { useTimelineLabels } from "./timeline-labels";

const SHOWN = 50;

/**
 * Search over the replay this page holds. The server cut that replay to what this viewer
 * may see (replay.service, the same rule as live delivery), so nothing found here can be
 * something the viewer may not see; the browser filters nothing.
 */
export function TimelineSearch({ data, onChoose }: { data: ReplayData; onChoose: (hit: SearchHit, where: string) => void }) {
  const t = useTranslations("debrief");
  const labels = useTimelineLabels(data);
  const id = useId();
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query);
  const announcements = data.channels.find((c) => c.kind === "announcements")?.id;
  const hits = useMemo(
    () => searchReplay(data.events, deferred, { annotations: data.annotations, ...(announcements ? { announcementsChannel: announcements } : {}) }),
    [data.events, data.annotations, announcements, deferred],
  );
  const where = (hit: SearchHit) =>
    hit.kind === "inject" ? t("search.inject") : hit.kind === "clause" ? t("search.clause") : hit.kind === "note" ? t("search.note") : labels.channelName(hit.channelId);

  return (
    <div className="tl-search" role="search">
      <label htmlFor={`${id}-q`}>{t("search.label")}</label>
      <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby={`${id}-hint`} autoComplete="off" />
      <p id={`${id}-hint`} className="meta">
        {t("search.hint")}
      </p>
      {deferred.trim() !== "" && (
        <>
          <p className="meta" role="status">
            {t("search.results", { count: hits.length })}
          </p>
          {hits.length > 0 && (
            <ul className="tl-results" aria-label={t("search.resultsLabel")}>
              {hits.slice(0, SHOWN).map((hit) => (
                <li key={hit.key}>
                  <button type="button" className="tl-result" onClick={() => onChoose(hit, where(hit))}>
                    <span className="tl-snippet">
                      {hit.snippet.slice(0, hit.match[0])}
                      <mark>{hit.snippet.slice(...hit.match)}</mark>
                      {hit.snippet.slice(hit.match[1])}
                    </span>
                    <span className="meta">
                      {labels.clock(hit.time)} · {where(hit)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {hits.length > SHOWN && <p className="meta">{t("search.more", { shown: SHOWN })}</p>}
        </>
      )}
    </div>
  );
}
