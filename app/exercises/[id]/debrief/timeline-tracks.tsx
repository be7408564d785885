"use client";

import { useTranslations } from "next-intl";
import { useMemo, type MouseEvent, type ReactNode } from "react";
import { channelOfMoment, type KeyMoment } from "@/lib/replay/key-moments";
import type { ReplayIndex } from "@/lib/replay/replay-index";
import { bucketed, replayTracks, type TrackItem } from "@/lib/replay/replay-tracks";
import { fractionAt, timeAtFraction, type TimelineScale } from "@/lib/replay/timeline-scale";
import type { ReplayScreen } from "@/server/debrief/replay.service";
import { useTimelineLabels } from "./timeline-labels";

/** Message ticks per row at most; denser talk is grouped (the tick grows with its count). */
const BUCKETS = 160;

/**
 * Where a fraction of the exercise sits along a lane. Lanes are inset by half the slider's
 * thumb (timeline.css sets --tl-thumb), so a mark lies under the thumb at the same time.
 */
const left = (f: number) => `calc(${f} * (100% - var(--tl-thumb)) + var(--tl-thumb) / 2)`;
const width = (f: number) => `calc(${f} * (100% - var(--tl-thumb)))`;

interface TracksProps {
  data: ReplayScreen;
  index: ReplayIndex;
  moments: readonly KeyMoment[];
  scale: TimelineScale;
  time: number;
  onSeek: (time: number) => void;
}

/**
 * The tracks under the slider, one row each. A row's label says how much of it has
 * happened by the time shown (for every reader); the lane itself is a picture of the same.
 * A track with nothing in it for this viewer is not drawn ("0 of 0" says nothing).
 */
export function TimelineTracks({ data, index, moments, scale, time, onSeek }: TracksProps) {
  const t = useTranslations("debrief");
  const labels = useTimelineLabels(data);
  const tracks = useMemo(
    () =>
      replayTracks({
        events: index.events,
        times: index.times,
        channels: data.channels,
        phases: data.phases,
        annotations: data.annotations,
      }),
    [index, data.channels, data.phases, data.annotations],
  );
  const at = fractionAt(scale, time);
  const state = (item: { time: number }) => (item.time <= time ? "past" : "future");
  const mark = (kind: string, item: { time: number; label: string }, key: string | number, extra?: ReactNode) => (
    <span
      key={key}
      className={`tl-mark tl-${kind}`}
      data-state={state(item)}
      style={{ left: left(fractionAt(scale, item.time)) }}
      title={`${labels.clock(item.time)} · ${item.label}`}
    >
      {extra}
    </span>
  );
  const counted = (items: readonly { time: number }[]) =>
    t("track.count", { shown: items.filter((i) => i.time <= time).length, total: items.length });
  const seek = (e: MouseEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const thumb = parseFloat(getComputedStyle(e.currentTarget).getPropertyValue("--tl-thumb")) || 16;
    onSeek(timeAtFraction(scale, (e.clientX - box.left - thumb / 2) / Math.max(1, box.width - thumb)));
  };
  const row = (key: string, label: string, status: string, children: ReactNode) => (
    <li key={key} className="tl-row" data-track={key}>
      <span className="tl-label">
        <span className="tl-name">{label}</span> <span className="tl-count">{status}</span>
      </span>
      <div className="tl-lane" aria-hidden="true" onClick={seek}>
        {children}
        <span className="tl-now" style={{ left: left(at) }} />
      </div>
    </li>
  );

  // A whole debrief draws its ticks from its messages; a paged one from the outline's counts
  // per slice, each tick at its slice's middle and counted as shown once that is passed.
  const channelRows = useMemo(() => {
    if (data.complete)
      return tracks.channels.map((c) => ({
        channelId: c.channelId,
        total: c.items.length,
        shown: c.items.filter((i) => i.time <= time).length,
        ticks: bucketed(c.items, scale.start, scale.duration, BUCKETS).map((b) => ({
          key: b.first.seq,
          time: b.time,
          count: b.count,
          label: b.count > 1 ? undefined : b.first.label,
        })),
      }));
    const { first, last } = data.outline;
    const span = Math.max(1, (last ?? 0) - (first ?? 0));
    return data.outline.channels.map((c) => {
      const ticks = c.counts.flatMap((count, b) =>
        count > 0 ? [{ key: b, time: (first ?? 0) + ((b + 0.5) / c.counts.length) * span, count, label: undefined }] : [],
      );
      return {
        channelId: c.channelId,
        total: c.messages,
        shown: time >= (last ?? 0) ? c.messages : ticks.reduce((n, tick) => n + (tick.time <= time ? tick.count : 0), 0),
        ticks,
      };
    });
  }, [data.complete, data.outline, tracks.channels, scale, time]);

  const phaseNow =
    [...tracks.phases].reverse().find((p) => p.start <= time && time < p.end) ??
    (tracks.phases.at(-1)?.end === time ? tracks.phases.at(-1) : undefined);
  const firstBackchannel = moments.find((m) => m.kind === "backchannel");
  const statuses = moments.filter((m) => m.kind === "status");
  const flagged = moments.filter((m) => m.kind === "flagged");
  /** A row of marks, drawn only when it has some. */
  const marks = (key: string, label: string, items: readonly { time: number }[], draw: () => ReactNode) =>
    items.length > 0 ? row(key, label, counted(items), draw()) : null;

  return (
    <ul className="tl-tracks" aria-label={t("tracks")}>
      {row(
        "phases",
        t("track.phases"),
        phaseNow?.title ?? t("track.noPhase"),
        <>
          {tracks.phases.map((p) => (
            <span
              key={`${p.phaseIndex}-${p.start}`}
              className="tl-span"
              data-state={p.start <= time ? "past" : "future"}
              style={{ left: left(fractionAt(scale, p.start)), width: width(fractionAt(scale, p.end) - fractionAt(scale, p.start)) }}
              title={`${labels.clock(p.start)} · ${p.title}`}
            >
              {p.title}
            </span>
          ))}
          {statuses.map((m) => mark("status", { time: m.time, label: labels.moment(m) }, m.event.seq))}
        </>,
      )}
      {marks("flags", t("track.flags"), flagged, () =>
        flagged.map((m) => mark("flagged", { time: m.time, label: labels.moment(m) }, `${m.event.seq}-${m.time}`)),
      )}
      {channelRows.map((c) => {
        const channel = data.channels.find((x) => x.id === c.channelId);
        return row(
          `channel-${c.channelId}`,
          channel?.name ?? "",
          t("track.count", { shown: c.shown, total: c.total }),
          <>
            {c.ticks.map((b) => (
              <span
                key={b.key}
                className={`tl-mark tl-message${b.count > 1 ? " tl-many" : ""}`}
                data-state={state(b)}
                style={{ left: left(fractionAt(scale, b.time)), height: `${Math.min(100, 40 + b.count * 12)}%` }}
                title={b.label !== undefined ? `${labels.clock(b.time)} · ${b.label}` : `${labels.clock(b.time)} · ×${b.count}`}
              />
            ))}
            {firstBackchannel &&
              channelOfMoment(firstBackchannel) === c.channelId &&
              mark("backchannel", { time: firstBackchannel.time, label: labels.moment(firstBackchannel) }, "first")}
          </>,
        );
      })}
      {marks("injects", t("track.injects"), tracks.injects, () => tracks.injects.map((i: TrackItem) => mark("inject", i, i.seq)))}
      {marks("versions", t("track.versions"), tracks.versions, () =>
        tracks.versions.map((v) => mark(v.tabled ? "tabled" : "version", { time: v.time, label: `${v.label} v${v.version}` }, v.seq)),
      )}
      {marks("signatures", t("track.signatures"), tracks.signatures, () =>
        tracks.signatures.map((s) =>
          mark("signed", { time: s.time, label: `${labels.roleName(s.roleKey)} · ${s.label} v${s.version}` }, s.seq),
        ),
      )}
      {marks("notes", t("track.notes"), tracks.annotations, () => tracks.annotations.map((a) => mark("note", a, a.id)))}
    </ul>
  );
}

const LEGEND = ["phase", "message", "backchannel", "status", "inject", "version", "tabled", "signed", "note", "flagged", "now"] as const;

/** What each colour and shape on the tracks means. */
export function TimelineLegend() {
  const t = useTranslations("debrief");
  return (
    <div className="tl-legend">
      <p className="tl-legend-heading" id="timeline-legend">
        {t("legend.heading")}
      </p>
      <ul aria-labelledby="timeline-legend">
        {LEGEND.map((k) => (
          <li key={k}>
            <span className={`tl-swatch tl-swatch-${k}`} aria-hidden="true" /> {t(`legend.${k}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
