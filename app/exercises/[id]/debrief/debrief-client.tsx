"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { dateLocale } from "@/i18n/locales";
import { callApi } from "@/lib/client/api";
import { annotationCreateSchema } from "@/lib/replay/annotation.schema";
import { flaggedMoments, type KeyMoment } from "@/lib/replay/key-moments";
import { ReplayIndex } from "@/lib/replay/replay-index";
import { addPage, coverAt, NO_PAGES, type LoadedPages } from "@/lib/replay/message-pages";
import type { MessagePage, SearchAnswer } from "@/lib/replay/replay-query";
import type { SearchHit } from "@/lib/replay/replay-search";
import type { EventDto } from "@/lib/contract/events";
import type { DebriefFigures } from "@/server/domain/debrief-figures";
import type { ReplayScreen } from "@/server/debrief/replay.service";
import { DebriefVotes } from "./debrief-votes";
import { Figures } from "./figures";
import { EventFlag, FlagBadge, FlagControls, ImportantMoments, type FlagsHere } from "./flags";
import { Timeline } from "./timeline";
import { TimelineInjects } from "./timeline-injects";
import { useExercise } from "../room/use-exercise";
import { useServerText } from "@/app/components/use-server-text";

export function DebriefClient({ exerciseId, staff }: { exerciseId: string; staff: boolean }) {
  const t = useTranslations("debrief");
  const serverText = useServerText();
  const agreementT = useTranslations("agreement");
  const assessmentT = useTranslations("assessment");
  const locale = useLocale();
  const [perspective, setPerspective] = useState<string>("");
  const [data, setData] = useState<ReplayScreen | null>(null);
  // A paged debrief: the pages of messages held, the figures (asked for after the screen), and what loading says.
  const [pages, setPages] = useState<LoadedPages>(NO_PAGES);
  const [figures, setFigures] = useState<DebriefFigures | null>(null);
  // Why a paged debrief's figures could not be computed (they come in their own request).
  const [figuresError, setFiguresError] = useState("");
  const [pageStatus, setPageStatus] = useState("");
  const [pageLoading, setPageLoading] = useState(false);
  const [error, setError] = useState("");
  // Epoch ms shown; Infinity is "at the end", which follows new events as they arrive.
  const [shownAt, setShownAt] = useState(Infinity);
  const [found, setFound] = useState<number | null>(null);
  const [channelId, setChannelId] = useState("");
  const [reload, setReload] = useState(0);
  // The event list restricted to flagged moments; the live region the page speaks through.
  const [importantOnly, setImportantOnly] = useState(false);
  const [announcement, setAnnouncement] = useState("");

  const refreshLive = useCallback(() => setReload((n) => n + 1), []);
  const shownFor = useRef<string | null>(null);
  const shownEnd = useRef(Infinity);
  // What a refresh of a paged debrief asks its page for: the moment and channel shown.
  const shownNow = useRef({ at: Infinity, channelId: "" });
  const replayUrl = useCallback(
    (params: Record<string, string | number | undefined>, opening?: string) => {
      const query = new URLSearchParams();
      if (perspective) query.set("as", perspective);
      if (opening) query.set("opening", opening);
      for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v));
      const text = query.toString();
      return `/api/exercises/${exerciseId}/replay${text ? `?${text}` : ""}`;
    },
    [exerciseId, perspective],
  );
  useEffect(() => {
    let cancelled = false;
    // A new perspective starts from scratch; a refresh (a note, a live event) keeps the view.
    const fresh = shownFor.current !== perspective;
    if (fresh) setData(null);
    const { at, channelId: shownChannel } = shownNow.current;
    const url = replayUrl(fresh ? {} : { ...(Number.isFinite(at) ? { at: Math.floor(at) } : {}), ...(shownChannel ? { channel: shownChannel } : {}) });
    void callApi<ReplayScreen>(url).then(async (result) => {
      if (cancelled) return;
      if (!result.ok) return setError(serverText(result.message));
      const before = shownEnd.current;
      shownFor.current = perspective;
      const last = result.data.complete ? Date.parse(result.data.events.at(-1)?.at ?? "") : (result.data.outline.last ?? NaN);
      shownEnd.current = last || Infinity;
      setData(result.data);
      setPages(result.data.page ? addPage(NO_PAGES, result.data.page) : NO_PAGES);
      setFigures(result.data.figures);
      setFiguresError("");
      // At the end of the timeline, stay at the end as events arrive; elsewhere, stay put.
      setShownAt((t) => (fresh || t >= before ? Infinity : t));
      // A paged debrief's figures are computed over its whole log: they follow the first screen.
      if (result.data.figures === null) {
        const computed = await callApi<DebriefFigures>(replayUrl({ part: "figures" }, result.data.opening));
        if (cancelled) return;
        if (computed.ok) setFigures(computed.data);
        else setFiguresError(t("figuresFailed", { reason: serverText(computed.message) }));
      }
    });
    return () => {
      cancelled = true;
    };
  }, [exerciseId, perspective, reload, replayUrl]);

  const announcements = data?.channels.find((c) => c.kind === "announcements")?.id;
  const index = useMemo(() => {
    if (!data) return null;
    if (data.complete) return new ReplayIndex(data.events, announcements);
    const bySeq = new Map<number, EventDto>(data.events.map((e) => [e.seq, e]));
    for (const m of pages.messages) bySeq.set(m.seq, m);
    return new ReplayIndex([...bySeq.values()], announcements);
  }, [data, pages, announcements]);
  const channels = data?.channels ?? [];
  const current = channels.find((c) => c.id === channelId) ?? channels.find((c) => c.kind === "plenary");
  shownNow.current = { at: shownAt, channelId: current?.id ?? "" };
  // A paged debrief shows a channel only where a page covers the moment; elsewhere it asks for one.
  const paged = data !== null && !data.complete;
  const talks = paged && current !== undefined && data.outline.channels.some((c) => c.channelId === current.id);
  const cover = talks && current ? coverAt(pages, current.id, shownAt) : null;
  const missing = talks && cover === null ? current?.id : undefined;
  const screen = useRef<ReplayScreen | null>(null);
  screen.current = data;
  const loadPage = useCallback(
    async (channel: { id: string; name: string }, where: { at?: number; before?: number }, isCurrent: () => boolean) => {
      if (!data) return;
      setPageLoading(true);
      setPageStatus(t("page.loading", { name: channel.name }));
      const result = await callApi<MessagePage>(replayUrl({ part: "page", channel: channel.id, ...where }, data.opening));
      // A page read for another screen (another perspective, a refresh) is not this one's.
      if (screen.current !== data) return;
      setPageLoading(false);
      if (!result.ok) return setPageStatus(t("page.failed", { reason: serverText(result.message) }));
      setPages((held) => addPage(held, result.data, where.before));
      // Said only for the moment still shown: scrubbing on should not hear every page it passed.
      if (isCurrent()) setPageStatus(t("page.loaded", { count: result.data.events.length, name: channel.name }));
    },
    [data, replayUrl, serverText, t],
  );
  useEffect(() => {
    const channel = channels.find((c) => c.id === missing);
    if (!channel) return;
    let current = true;
    // Scrubbing moves through many moments: ask for the one it stops at.
    const timer = setTimeout(() => void loadPage(channel, Number.isFinite(shownAt) ? { at: Math.floor(shownAt) } : {}, () => current), 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [missing, shownAt, channels, loadPage]);
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

  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data || !index) return <p className="empty" role="status">{t("loading")}</p>;

  const roleName = (key?: string) => data.roles.find((r) => r.key === key)?.name ?? key ?? "";
  const time = (iso: string, options?: Intl.DateTimeFormatOptions) => new Date(iso).toLocaleTimeString(dateLocale(locale), options);
  const count = index.countAt(shownAt);
  const at = index.events[count - 1]?.at;
  const messages = current ? index.messages(current.id, count).filter((m) => !paged || m.type !== "message.sent" || (cover !== null && m.seq >= cover.from)) : [];
  const injects = index.injects(count);
  const agreements = [...index.agreementsAt(count).values()];
  // A flag without text is no note: it shows as a flag only.
  const notes = data.annotations.filter((a) => a.body !== "" && (a.targetSeq !== null ? a.targetSeq <= (index.events[count - 1]?.seq ?? 0) : a.at !== null && at !== undefined && a.at <= at));
  const flags = data.annotations.filter((a) => a.important);
  const flagged = flaggedMoments(index.events, index.times, flags);
  const flagsOn = (seq: number): FlagsHere => flags.filter((f) => f.targetSeq === seq);
  const editsFlags = staff && data.perspective.kind === "facilitator";
  const refresh = () => setReload((n) => n + 1);
  const flagActions = { exerciseId, onChanged: refresh, announce: setAnnouncement };
  const lastShown = index.events[count - 1];
  const showMoment = (m: KeyMoment) => {
    const channel = m.event.type === "message.sent" ? m.event.channelId : m.event.type === "announcement.sent" ? announcements : undefined;
    if (channel) setChannelId(channel);
    setFound(channel ? m.event.seq : null);
    setImportantOnly(false);
    setShownAt(m.time >= (index.times.at(-1) ?? 0) ? Infinity : m.time);
  };

  return (
    <>
    {data.exercise.status !== "ended" && <FollowLive exerciseId={exerciseId} onEvents={refreshLive} />}
    <div className="debrief">
      <header className="room-head">
        <div>
          <h1 className="room-title">{t("heading", { title: data.exercise.title })}</h1>
          <p className="meta">
            {data.perspective.kind === "facilitator" ? t("asFacilitator") : data.perspective.kind === "role" ? t("asRole", { role: roleName(data.perspective.roleKey) }) : t("asObserver")} ·{" "}
            {t("events", { count: data.complete ? data.events.length : data.outline.events })}
          </p>
          {paged && <p className="meta">{t("page.about")}</p>}
        </div>
        <div className="run-controls">
          {staff && (
            <label className="inline-label">
              {t("perspective")}
              <select value={perspective} onChange={(e) => setPerspective(e.target.value)}>
                <option value="">{t("everything")}</option>
                {data.roles.map((r) => (
                  <option key={r.key} value={r.key}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <a className="button button-secondary" href={`/api/exercises/${exerciseId}/transcript?format=md&tz=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}${perspective ? `&as=${perspective}` : ""}`}>
            {t("transcript")}
          </a>
          <a className="button button-secondary" href={`/api/exercises/${exerciseId}/transcript?format=json${perspective ? `&as=${perspective}` : ""}`}>
            {t("json")}
          </a>
          <a className="button button-secondary" href={`/exercises/${exerciseId}/debrief/print?tz=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}${perspective ? `&as=${perspective}` : ""}`}>
            {t("print")}
          </a>
          <a className="button" href={`/exercises/${exerciseId}/assessment`}>
            {staff || data.perspective.kind === "observer" ? assessmentT("toAssessment") : assessmentT("yourAssessment")}
          </a>
        </div>
      </header>

      <Timeline
        data={data}
        index={index}
        time={shownAt}
        onTime={setShownAt}
        onFound={(hit) => {
          if (hit.channelId) setChannelId(hit.channelId);
          setFound(hit.kind === "message" || hit.kind === "announcement" ? hit.seq : null);
        }}
        announcement={announcement}
        onAnnounce={setAnnouncement}
        actions={editsFlags && lastShown ? <EventFlag {...flagActions} data={data} event={lastShown} flags={flagsOn(lastShown.seq)} moment /> : undefined}
        {...(remoteSearch ? { remoteSearch } : {})}
      />

      <div className="debrief-grid">
        <nav className="channels" aria-label={t("channels")}>
          <ul>
            {channels.map((c) => (
              <li key={c.id}>
                <button type="button" className={`channel-button${current?.id === c.id ? " is-current" : ""}`} aria-current={current?.id === c.id ? "true" : undefined} onClick={() => setChannelId(c.id)}>
                  <span className="channel-name">
                    {c.name}
                    {c.declassified && <span className="kind kind-backchannel">{t("declassified")}</span>}
                  </span>
                </button>
                {c.sealed && (
                  <button
                    type="button"
                    className="link-button small"
                    aria-label={t("openSealed", { name: c.name })}
                    onClick={async () => {
                      // Audited like opening it in the console; then the replay includes it.
                      const r = await callApi(`/api/exercises/${exerciseId}/oversight`, { body: { channelId: c.id } });
                      if (!r.ok) setError(serverText(r.message));
                      else setReload((n) => n + 1);
                    }}
                  >
                    {t("open")}
                  </button>
                )}
                {staff && data.perspective.kind === "facilitator" && c.kind === "backchannel" && !c.sealed && (
                  <button
                    type="button"
                    className="link-button small"
                    onClick={async () => {
                      const r = await callApi(`/api/exercises/${exerciseId}/declassify`, { body: { channelId: c.id, declassified: !c.declassified } });
                      if (!r.ok) setError(serverText(r.message));
                      else setReload((n) => n + 1);
                    }}
                  >
                    {c.declassified ? t("reclassify") : t("declassify")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </nav>
        <section className="conversation" aria-label={importantOnly ? t("flag.heading") : t("replayOf", { name: current?.name ?? "" })}>
          <TimelineInjects injects={injects} time={(iso) => time(iso, { hour: "2-digit", minute: "2-digit" })} />
          <div className="conversation-head">
            <h2 id="debrief-channel-name">{importantOnly ? t("flag.heading") : current?.name}</h2>
            <label className="check flag-filter">
              <input
                type="checkbox"
                checked={importantOnly}
                onChange={(e) => {
                  setImportantOnly(e.target.checked);
                  const upToNow = flagged.filter((m) => m.index < count).length;
                  setAnnouncement(e.target.checked ? t("flag.filterOn", { count: upToNow }) : t("flag.filterOff", { name: current?.name ?? "" }));
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
              {...(editsFlags ? { controls: (m: KeyMoment, here: FlagsHere, label: string) => <FlagControls {...flagActions} flags={here} targetSeq={m.event.seq} label={label} /> } : {})}
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
              <button type="button" className="link-button small earlier" disabled={pageLoading} onClick={() => void loadPage(current, { before: cover.from }, () => true)}>
                {t("page.earlier")}
              </button>
            )}
            <ol className="messages" tabIndex={0} aria-labelledby="debrief-channel-name" aria-busy={missing !== undefined || undefined}>
              {missing !== undefined ? <li className="empty">{t("page.waiting")}</li> : messages.length === 0 && <li className="empty">{t("nothingYet")}</li>}
              {messages.map((m) => {
                const author = m.type === "message.sent" ? m.payload : null;
                const pinned = notes.filter((n) => n.targetSeq === m.seq);
                const here = flagsOn(m.seq);
                return (
                  <li key={m.seq} id={`replay-${m.seq}`} className={`message${m.seq === found ? " is-found" : ""}${here.length > 0 ? " is-important" : ""}`}>
                    <p className="message-meta">
                      <strong>{author?.roleName ?? t("facilitator")}</strong> · {author?.authorName ?? ""} · {time(m.at, { hour: "2-digit", minute: "2-digit" })}
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
        <aside className="papers">
          <section className="agreement" aria-label={t("agreementsNow")}>
            <h2 className="small-heading">{t("agreementsNow")}</h2>
            {agreements.length === 0 ? (
              <p className="meta">{t("noDraft")}</p>
            ) : (
              agreements.map((a) => (
                <article key={a.id}>
                  <h3>
                    {a.title} <span className={`badge badge-agreement-${a.status}`}>{agreementT(`status.${a.status}`)}</span> <span className="meta">v{a.version}</span>
                  </h3>
                  <ol className="clauses">
                    {a.clauses.map((c) => (
                      <li key={c.key}>
                        <strong>{c.title}</strong> {c.text}
                      </li>
                    ))}
                  </ol>
                  <p className="meta">{t("signed", { names: [...new Set(a.signatures.filter((s) => s.version === a.version).map((s) => roleName(s.roleKey)))].join(", ") || t("nobodySigned") })}</p>
                  <DebriefVotes votes={a.votes} roleName={roleName} />
                </article>
              ))
            )}
          </section>
          {notes.some((n) => n.targetSeq === null) && (
            <section className="panel">
              <h2 className="small-heading">{t("notes")}</h2>
              {notes
                .filter((n) => n.targetSeq === null)
                .map((n) => (
                  <p key={n.id} className="note">
                    {n.body}
                  </p>
                ))}
            </section>
          )}
          {staff && data.perspective.kind === "facilitator" && at && <MomentNote exerciseId={exerciseId} at={at} onSaved={() => setReload((n) => n + 1)} />}
        </aside>
      </div>

      {figures ? (
        <Figures data={{ ...data, figures }} roleName={roleName} exerciseId={exerciseId} staff={staff} onChanged={() => setReload((n) => n + 1)} />
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

/**
 * While the exercise runs, the debrief follows it: the live stream (the same client the
 * room uses) says when something new happened, and the replay is read again — under the
 * debrief policy, so an unopened backchannel stays out of it.
 */
function FollowLive({ exerciseId, onEvents }: { exerciseId: string; onEvents: () => void }) {
  const t = useTranslations("debrief");
  const live = useExercise(exerciseId);
  const baseline = useRef<number | null>(null);
  const seen = live.events.length;
  if (live.joined && baseline.current === null) baseline.current = seen;
  useEffect(() => {
    if (baseline.current === null || seen <= baseline.current) return;
    const timer = setTimeout(onEvents, 800);
    return () => clearTimeout(timer);
  }, [seen, onEvents]);
  return (
    <p className="meta follow-live" role="status">
      {live.connection === "online" ? t("followingLive") : t("notFollowing")}
    </p>
  );
}

function NoteButton({ exerciseId, targetSeq, onSaved }: { exerciseId: string; targetSeq: number; onSaved: () => void }) {
  const t = useTranslations("debrief");
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" className="link-button small" onClick={() => setOpen(true)}>
        {" "}
        {t("pinNote")}
      </button>
    );
  return <NoteForm exerciseId={exerciseId} target={{ targetSeq }} onSaved={() => (setOpen(false), onSaved())} />;
}

function MomentNote({ exerciseId, at, onSaved }: { exerciseId: string; at: string; onSaved: () => void }) {
  const t = useTranslations("debrief");
  return (
    <details className="panel">
      <summary>{t("pinMoment")}</summary>
      <NoteForm exerciseId={exerciseId} target={{ at }} onSaved={onSaved} />
    </details>
  );
}

function NoteForm({ exerciseId, target, onSaved }: { exerciseId: string; target: { targetSeq?: number; at?: string }; onSaved: () => void }) {
  const t = useTranslations("debrief");
  const serverText = useServerText();
  const [error, setError] = useState("");
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const note = annotationCreateSchema.safeParse({ ...target, body: String(form.get("body") ?? ""), visibleToParticipants: form.get("visible") === "on", important: form.get("important") === "on" });
    if (!note.success) return setError(serverText(note.error.issues[0]?.message ?? ""));
    const result = await callApi(`/api/exercises/${exerciseId}/annotations`, { body: note.data });
    if (!result.ok) setError(serverText(result.issues?.[0]?.message ?? result.message));
    else onSaved();
  }
  return (
    <form className="form note-form" onSubmit={submit}>
      <label>
        {t("noteLabel")}
        <textarea name="body" rows={2} required />
      </label>
      <label className="check">
        <input type="checkbox" name="visible" /> {t("visible")}
      </label>
      <label className="check">
        <input type="checkbox" name="important" /> {t("flag.important")}
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button className="button" type="submit">
        {t("saveNote")}
      </button>
    </form>
  );
}
