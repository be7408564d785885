"use client";

import { useTranslations } from "next-intl";
import { useDeferredValue, useEffect, useId, useMemo, useState } from "react";
import { searchReplay, type SearchHit } from "@/lib/replay/replay-search";
import type { SearchAnswer } from "@/lib/replay/replay-query";
import type { ReplayScreen } from "@/server/debrief/replay.service";
import { useTimelineLabels } from "./timeline-labels";

const SHOWN = 50;
/** Typing pauses this long (ms) before a paged debrief asks the server. */
const REMOTE_WAIT = 300;

/** A paged debrief's search: the server searches every event the reader may see (null: it failed). */
export type RemoteSearch = (query: string, signal: AbortSignal) => Promise<SearchAnswer<SearchHit> | null>;

/**
 * Search over the replay this page holds. The server cut that replay to what this viewer
 * may see (replay.service, the same rule as live delivery), so nothing found here can be
 * something the viewer may not see; the browser filters nothing. A paged debrief holds only
 * some messages, so its search is the server's, over the same cut of the log (`remote`).
 */
export function TimelineSearch({
  data,
  onChoose,
  remote,
}: {
  data: ReplayScreen;
  onChoose: (hit: SearchHit, where: string) => void;
  remote?: RemoteSearch;
}) {
  const t = useTranslations("debrief");
  const labels = useTimelineLabels(data);
  const id = useId();
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query);
  const announcements = data.channels.find((c) => c.kind === "announcements")?.id;
  const local = useMemo(
    () =>
      remote
        ? []
        : searchReplay(data.events, deferred, {
            annotations: data.annotations,
            ...(announcements ? { announcementsChannel: announcements } : {}),
          }),
    [remote, data.events, data.annotations, announcements, deferred],
  );
  const [answer, setAnswer] = useState<{ query: string; hits: SearchHit[]; total: number; failed: boolean } | null>(null);
  useEffect(() => {
    const q = deferred.trim();
    if (!remote || q === "") return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      void remote(q, abort.signal).then((found) => {
        if (!abort.signal.aborted) setAnswer({ query: q, hits: found?.hits ?? [], total: found?.total ?? 0, failed: found === null });
      });
    }, REMOTE_WAIT);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [remote, deferred]);
  const searching = remote !== undefined && answer?.query !== deferred.trim();
  const hits = remote ? (searching ? [] : (answer?.hits ?? [])) : local;
  const total = remote ? (answer?.total ?? 0) : local.length;
  const where = (hit: SearchHit) =>
    hit.kind === "inject"
      ? t("search.inject")
      : hit.kind === "clause"
        ? t("search.clause")
        : hit.kind === "note"
          ? t("search.note")
          : labels.channelName(hit.channelId);

  return (
    <div className="tl-search" role="search">
      <label htmlFor={`${id}-q`}>{t("search.label")}</label>
      <input
        id={`${id}-q`}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
      />
      <p id={`${id}-hint`} className="meta">
        {t("search.hint")}
      </p>
      {deferred.trim() !== "" && (
        <>
          <p className="meta" role="status">
            {searching ? t("search.searching") : answer?.failed && remote ? t("search.failed") : t("search.results", { count: total })}
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
          {total > SHOWN && <p className="meta">{t("search.more", { shown: SHOWN })}</p>}
        </>
      )}
    </div>
  );
}
