"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useReducer } from "react";
import { dateLocale } from "@/i18n/locales";
import { callApi } from "@/lib/client/api";
import { flaggedMoments, type KeyMoment } from "@/lib/replay/key-moments";
import { ReplayIndex } from "@/lib/replay/replay-index";
import { coverAt } from "@/lib/replay/message-pages";
import type { SearchAnswer } from "@/lib/replay/replay-query";
import type { SearchHit } from "@/lib/replay/replay-search";
import type { EventDto } from "@/lib/contract/events";
import type { ReplayScreen } from "@/server/debrief/replay.service";
import { DebriefChannels } from "./debrief-channels";
import { DebriefHeader } from "./debrief-header";
import { NoteButton } from "./debrief-notes";
import { DebriefPapers } from "./debrief-papers";
import { debriefReducer, initialDebriefState } from "./debrief-state";
import { Figures } from "./figures";
import { EventFlag, FlagBadge, FlagControls, ImportantMoments, type FlagsHere } from "./flags";
import { FollowLive } from "./follow-live";
import { Timeline } from "./timeline";
import { TimelineInjects } from "./timeline-injects";
import { usePageLoading, useReplayUrl, useScreenLoading } from "./use-debrief-loading";

const NO_CHANNELS: ReplayScreen["channels"] = [];

export function DebriefClient({ exerciseId, staff }: { exerciseId: string; staff: boolean }) {
  const t = useTranslations("debrief");
  const locale = useLocale();
  const [state, dispatch] = useReducer(debriefReducer, initialDebriefState);
  const {
    screen: data,
    pages,
    figures,
    figuresError,
    pageStatus,
    pageLoading,
    error,
    shownAt,
    found,
    channelId,
    importantOnly,
    announcement,
  } = state;

  const refresh = useCallback(() => dispatch({ type: "refresh.asked" }), []);
  const showTime = useCallback((at: number) => dispatch({ type: "moment.shown", at }), []);
  const announce = useCallback((text: string) => dispatch({ type: "announced", text }), []);
  const replayUrl = useReplayUrl(exerciseId, state.perspective);

  const announcements = data?.channels.find((c) => c.kind === "announcements")?.id;
  const index = useMemo(() => {
    if (!data) return null;
    if (data.complete) return new ReplayIndex(data.events, announcements);
    const bySeq = new Map<number, EventDto>(data.events.map((e) => [e.seq, e]));
    for (const m of pages.messages) bySeq.set(m.seq, m);
    return new ReplayIndex([...bySeq.values()], announcements);
  }, [data, pages, announcements]);
  const channels = data?.channels ?? NO_CHANNELS;
  const current = channels.find((c) => c.id === channelId) ?? channels.find((c) => c.kind === "plenary");
  useScreenLoading(exerciseId, state, current?.id ?? "", replayUrl, dispatch);
  // A paged debrief shows a channel only where a page covers the moment; elsewhere it asks for one.
  const paged = data !== null && !data.complete;
  const talks = paged && current !== undefined && data.outline.channels.some((c) => c.channelId === current.id);
  const cover = talks && current ? coverAt(pages, current.id, shownAt) : null;
  const missing = talks && cover === null ? current?.id : undefined;
  const loadPage = usePageLoading(data, channels, missing, shownAt, replayUrl, dispatch);
  const remoteSearch = useMemo(
    () =>
      paged && data
        ? async (q: string) => {
            const found = await callApi<SearchAnswer<SearchHit>>(replayUrl({ part: "search", q }, data.opening));
            return found.ok ? found.data : null;
          }
        : undefined,
    [paged, data, replayUrl],
  );
  // A search result chosen: its message is shown in its channel; bring it into view.
  useEffect(() => {
    if (found !== null) document.getElementById(`replay-${found}`)?.scrollIntoView({ block: "nearest" });
  }, [found]);

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!data || !index)
    return (
      <p className="empty" role="status">
        {t("loading")}
      </p>
    );

  const roleName = (key?: string) => data.roles.find((r) => r.key === key)?.name ?? key ?? "";
  const time = (iso: string, options?: Intl.DateTimeFormatOptions) => new Date(iso).toLocaleTimeString(dateLocale(locale), options);
  const count = index.countAt(shownAt);
  const at = index.events[count - 1]?.at;
  const messages = current
    ? index.messages(current.id, count).filter((m) => !paged || m.type !== "message.sent" || (cover !== null && m.seq >= cover.from))
    : [];
  const injects = index.injects(count);
  const agreements = [...index.agreementsAt(count).values()];
  // A flag without text is no note: it shows as a flag only.
  const notes = data.annotations.filter(
    (a) =>
      a.body !== "" &&
      (a.targetSeq !== null ? a.targetSeq <= (index.events[count - 1]?.seq ?? 0) : a.at !== null && at !== undefined && a.at <= at),
  );
  const flags = data.annotations.filter((a) => a.important);
  const flagged = flaggedMoments(index.events, index.times, flags);
  const flagsOn = (seq: number): FlagsHere => flags.filter((f) => f.targetSeq === seq);
  const editsFlags = staff && data.perspective.kind === "facilitator";
  const flagActions = { exerciseId, onChanged: refresh, announce };
  const lastShown = index.events[count - 1];
  const showMoment = (m: KeyMoment) => {
    const channel = m.event.type === "message.sent" ? m.event.channelId : m.event.type === "announcement.sent" ? announcements : undefined;
    dispatch({
      type: "key-moment.shown",
      channelId: channel,
      seq: channel ? m.event.seq : null,
      at: m.time >= (index.times.at(-1) ?? 0) ? Infinity : m.time,
    });
  };

  return (
    <>
      {data.exercise.status !== "ended" && <FollowLive exerciseId={exerciseId} onEvents={refresh} />}
      <div className="debrief">
        <DebriefHeader
          exerciseId={exerciseId}
          data={data}
          staff={staff}
          perspective={state.perspective}
          onPerspective={(perspective) => dispatch({ type: "perspective.chosen", perspective })}
          roleName={roleName}
        />

        <Timeline
          data={data}
          index={index}
          time={shownAt}
          onTime={showTime}
          onFound={(hit) =>
            dispatch({
              type: "found",
              channelId: hit.channelId,
              seq: hit.kind === "message" || hit.kind === "announcement" ? hit.seq : null,
            })
          }
          announcement={announcement}
          onAnnounce={announce}
          actions={
            editsFlags && lastShown ? (
              <EventFlag {...flagActions} data={data} event={lastShown} flags={flagsOn(lastShown.seq)} moment />
            ) : undefined
          }
          {...(remoteSearch ? { remoteSearch } : {})}
        />

        <div className="debrief-grid">
          <DebriefChannels
            exerciseId={exerciseId}
            channels={channels}
            currentId={current?.id}
            declassifies={editsFlags}
            onChoose={(id) => dispatch({ type: "channel.chosen", channelId: id })}
            onChanged={refresh}
            onFailed={(message) => dispatch({ type: "failed", message })}
          />
          <section className="conversation" aria-label={importantOnly ? t("flag.heading") : t("replayOf", { name: current?.name ?? "" })}>
            <TimelineInjects injects={injects} time={(iso) => time(iso, { hour: "2-digit", minute: "2-digit" })} />
            <div className="conversation-head">
              <h2 id="debrief-channel-name">{importantOnly ? t("flag.heading") : current?.name}</h2>
              <label className="check flag-filter">
                <input
                  type="checkbox"
                  checked={importantOnly}
                  onChange={(e) => {
                    const upToNow = flagged.filter((m) => m.index < count).length;
                    const said = e.target.checked
                      ? t("flag.filterOn", { count: upToNow })
                      : t("flag.filterOff", { name: current?.name ?? "" });
                    dispatch({ type: "important-only.set", on: e.target.checked, announcement: said });
                  }}
                />{" "}
                {t("flag.filter")}
              </label>
            </div>
            {importantOnly ? (
              <ImportantMoments
                data={data}
                moments={flagged}
                count={count}
                time={(iso) => time(iso, { hour: "2-digit", minute: "2-digit" })}
                onShow={showMoment}
                {...(editsFlags
                  ? {
                      controls: (m: KeyMoment, here: FlagsHere, label: string) => (
                        <FlagControls {...flagActions} flags={here} targetSeq={m.event.seq} label={label} />
                      ),
                    }
                  : {})}
              />
            ) : (
              // Focusable, so a long conversation scrolls by keyboard too.
              <>
                {paged && (
                  <p className="meta page-status" role="status">
                    {pageStatus}
                  </p>
                )}
                {cover && cover.from !== 0 && current && (
                  <button
                    type="button"
                    className="link-button small earlier"
                    disabled={pageLoading}
                    onClick={() => void loadPage(current, { before: cover.from }, () => true)}
                  >
                    {t("page.earlier")}
                  </button>
                )}
                <ol className="messages" tabIndex={0} aria-labelledby="debrief-channel-name" aria-busy={missing !== undefined || undefined}>
                  {missing !== undefined ? (
                    <li className="empty">{t("page.waiting")}</li>
                  ) : (
                    messages.length === 0 && <li className="empty">{t("nothingYet")}</li>
                  )}
                  {messages.map((m) => {
                    const author = m.type === "message.sent" ? m.payload : null;
                    const pinned = notes.filter((n) => n.targetSeq === m.seq);
                    const here = flagsOn(m.seq);
                    return (
                      <li
                        key={m.seq}
                        id={`replay-${m.seq}`}
                        className={`message${m.seq === found ? " is-found" : ""}${here.length > 0 ? " is-important" : ""}`}
                      >
                        <p className="message-meta">
                          <strong>{author?.roleName ?? t("facilitator")}</strong> · {author?.authorName ?? ""} ·{" "}
                          {time(m.at, { hour: "2-digit", minute: "2-digit" })}
                          {here.length > 0 && !editsFlags && (
                            <>
                              {" "}
                              <FlagBadge />
                            </>
                          )}
                          {editsFlags && <NoteButton exerciseId={exerciseId} targetSeq={m.seq} onSaved={refresh} />}
                        </p>
                        <p className="message-body">{m.payload.body}</p>
                        {pinned.map((n) => (
                          <p key={n.id} className="note">
                            {t("note", { body: n.body })}
                            {staff && !n.visibleToParticipants && <span className="meta"> {t("facilitatorOnly")}</span>}
                          </p>
                        ))}
                        {editsFlags && (
                          <p className="message-actions">
                            <EventFlag {...flagActions} data={data} event={m} flags={here} />
                          </p>
                        )}
                      </li>
                    );
                  })}
                </ol>
              </>
            )}
          </section>
          <DebriefPapers
            exerciseId={exerciseId}
            agreements={agreements}
            notes={notes}
            roleName={roleName}
            pinsAt={editsFlags ? at : undefined}
            onSaved={refresh}
          />
        </div>

        {figures ? (
          <Figures data={{ ...data, figures }} roleName={roleName} exerciseId={exerciseId} staff={staff} onChanged={refresh} />
        ) : figuresError ? (
          <section className="figures">
            <p className="error" role="alert">
              {figuresError}
            </p>
          </section>
        ) : (
          <section className="figures" aria-busy="true">
            <p className="empty" role="status">
              {t("figuresLoading")}
            </p>
          </section>
        )}

        {data.debriefQuestions.length > 0 && (
          <section className="panel">
            <h2>{t("questions")}</h2>
            <ol>
              {data.debriefQuestions.map((q, i) => (
                <li key={i}>{q}</li>
              ))}
            </ol>
          </section>
        )}
      </div>
    </>
  );
}
