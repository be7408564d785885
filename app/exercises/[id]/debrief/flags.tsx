"use client";

import { useTranslations } from "next-intl";
import { useRef, useState, type ReactNode } from "react";
import { callApi } from "@/lib/client/api";
import type { EventDto } from "@/lib/contract/events";
import { channelOfMoment, type KeyMoment } from "@/lib/replay/key-moments";
import type { ReplayAnnotation, ReplayScreen } from "@/server/debrief/replay.service";
import { useServerText } from "@/app/components/use-server-text";
import { useTimelineLabels } from "./timeline-labels";
import "./flags.css";

/** The flags on one event (or one moment in time), as the facilitator reads them. */
export type FlagsHere = readonly ReplayAnnotation[];

interface FlagActionProps {
  exerciseId: string;
  /** The flags already here; none means the toggle creates one on `targetSeq`. */
  flags: FlagsHere;
  targetSeq: number;
  /** What the announcement names ("Host nation: we agree…"). */
  label: string;
  onChanged: () => void;
  announce: (text: string) => void;
  /** The toggle's name when it flags the current moment rather than a listed event. */
  moment?: boolean;
}

/**
 * The facilitator's flag toggle, and once flagged, whether participants see the flag.
 * Both are toggle buttons (aria-pressed) whose names do not change with their state.
 */
export function FlagControls({ exerciseId, flags, targetSeq, label, onChanged, announce, moment }: FlagActionProps) {
  const t = useTranslations("debrief.flag");
  const serverText = useServerText();
  const busy = useRef(false);
  const [pending, setPending] = useState(false);
  const flagged = flags.length > 0;
  const shared = flagged && flags.every((f) => f.visibleToParticipants);
  const url = `/api/exercises/${exerciseId}/annotations`;

  async function run(calls: () => Promise<{ ok: boolean; message?: string }[]>, done: string) {
    // A second press while the first is on its way would undo it; the button stays focusable.
    if (busy.current) return;
    busy.current = true;
    setPending(true);
    try {
      const failed = (await calls()).find((r) => !r.ok);
      announce(failed ? t("failed", { reason: serverText(failed.message ?? "") }) : done);
      onChanged();
    } finally {
      busy.current = false;
      setPending(false);
    }
  }

  const toggle = () =>
    run(
      () =>
        flagged
          ? Promise.all(flags.map((f) => callApi(url, { method: "PATCH", body: { annotationId: f.id, important: false } })))
          : Promise.all([callApi(url, { body: { targetSeq, important: true } })]),
      flagged ? t("unflagged", { label }) : t("flagged", { label }),
    );
  const share = () =>
    run(
      () => Promise.all(flags.map((f) => callApi(url, { method: "PATCH", body: { annotationId: f.id, visibleToParticipants: !shared } }))),
      shared ? t("unshared", { label }) : t("shared", { label }),
    );

  return (
    <span className="flag-controls" aria-busy={pending || undefined}>
      <button type="button" className="flag-toggle" aria-pressed={flagged} onClick={toggle}>
        <span aria-hidden="true" className="flag-star">
          {flagged ? "★" : "☆"}
        </span>{" "}
        {moment ? t("moment") : t("toggle")}
      </button>
      {flagged && (
        <button type="button" className="flag-toggle flag-share" aria-pressed={shared} onClick={share}>
          {t("share")}
        </button>
      )}
    </span>
  );
}

/** The flag controls for one event, named in announcements by the flag's text or what happened. */
export function EventFlag({
  data,
  event,
  ...rest
}: Omit<FlagActionProps, "label" | "targetSeq"> & { data: ReplayScreen; event: EventDto }) {
  const labels = useTimelineLabels(data);
  const label = rest.flags.find((f) => f.body !== "")?.body ?? labels.summary(event);
  return <FlagControls {...rest} targetSeq={event.seq} label={label} />;
}

/** What a participant (or anyone) sees on a flagged event. */
export function FlagBadge({ staffOnly }: { staffOnly?: boolean }) {
  const t = useTranslations("debrief");
  return (
    <span className="badge badge-important">
      <span aria-hidden="true">★ </span>
      {t("flag.badge")}
      {staffOnly && <span className="visually-hidden"> {t("facilitatorOnly")}</span>}
    </span>
  );
}

interface ImportantProps {
  data: ReplayScreen;
  /** Every flagged moment of this replay, in order (`flaggedMoments`). */
  moments: readonly KeyMoment[];
  /** How many events are shown: moments after them are still to come. */
  count: number;
  time: (iso: string) => string;
  /** Facilitator controls, when the reader may change flags. */
  controls?: (m: KeyMoment, flags: FlagsHere, label: string) => ReactNode;
  onShow: (m: KeyMoment) => void;
}

/** The event list restricted to flagged moments, up to the moment shown, across channels. */
export function ImportantMoments({ data, moments, count, time, controls, onShow }: ImportantProps) {
  const t = useTranslations("debrief");
  const labels = useTimelineLabels(data);
  const shown = moments.filter((m) => m.index < count);
  const later = moments.length - shown.length;
  const byId = new Map(data.annotations.map((a) => [a.id, a]));
  if (shown.length === 0)
    return (
      <p className="empty flag-empty" data-testid="important-empty">
        {moments.length === 0 ? t("flag.none") : t("flag.noneYet", { count: later })}
      </p>
    );
  return (
    <>
      <ol className="messages important-moments" tabIndex={0} aria-label={t("flag.heading")}>
        {shown.map((m) => {
          const e = m.event;
          const flags = (m.flag?.ids ?? []).flatMap((id) => byId.get(id) ?? []);
          const channel = labels.channelName(channelOfMoment(m));
          const summary = labels.summary(e);
          const notes = flags.filter((f) => f.body !== "");
          // What was said is shown whole; any other event by its name.
          const who = e.type === "message.sent" ? e.payload.roleName : e.type === "announcement.sent" ? t("facilitator") : null;
          return (
            <li key={`${e.seq}-${m.time}`} className="message is-important">
              <p className="message-meta">
                <FlagBadge staffOnly={flags.some((f) => !f.visibleToParticipants)} /> {who && <strong>{who}</strong>}
                {who && " · "}
                {time(e.at)}
                {channel && <> · {channel}</>}
              </p>
              <p className="message-body">{e.type === "message.sent" || e.type === "announcement.sent" ? e.payload.body : summary}</p>
              {notes.map((n) => (
                <p key={n.id} className="note">
                  {t("note", { body: n.body })}
                </p>
              ))}
              <p className="message-actions">
                <button type="button" className="link-button small" onClick={() => onShow(m)}>
                  {t("flag.show")}
                </button>
                {controls?.(m, flags, notes[0]?.body || summary)}
              </p>
            </li>
          );
        })}
      </ol>
      {later > 0 && <p className="meta">{t("flag.later", { count: later })}</p>}
    </>
  );
}
