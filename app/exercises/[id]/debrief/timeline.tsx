"use client";

import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { EventDto } from "@/lib/contract/events";
import type { ReplayIndex } from "@/lib/replay/replay-index";
import { keyMoments, nextMoment, prevMoment, type KeyMoment } from "@/lib/replay/key-moments";
import type { SearchHit } from "@/lib/replay/replay-search";
import { keyStep, nextEventTime, offsetAt, prevEventTime, timeAtOffset, timelineScale } from "@/lib/replay/timeline-scale";
import type { ReplayScreen } from "@/server/debrief/replay.service";
import { useTimelineLabels } from "./timeline-labels";
import { TimelineLegend, TimelineTracks } from "./timeline-tracks";
import { TimelineSearch, type RemoteSearch } from "./timeline-search";
import "./timeline.css";

const SPEEDS = [1, 5, 15, 30, 60];
/** Playback redraws the page at most this often (ms of real time). */
const PLAY_FRAME = 100;

interface TimelineProps {
  data: ReplayScreen;
  index: ReplayIndex;
  time: number;
  onTime: (time: number) => void;
  onFound: (hit: SearchHit) => void;
  /** The debrief's polite live region, shown under the tracks. */
  announcement: string;
  onAnnounce: (text: string) => void;
  /** What may be done at the moment shown (the facilitator's flag). */
  actions?: ReactNode;
  /** A paged debrief's search, answered by the server. */
  remoteSearch?: RemoteSearch;
}

/**
 * The debrief's timeline: a slider proportional to time (its value is ms since the first
 * event), the tracks drawn under it, key moments (flagged ones too) to jump to, playback
 * and search. `time` is epoch ms; Infinity means "at the end", which keeps following new events.
 */
export function Timeline({
  data,
  index,
  time,
  onTime,
  onFound,
  announcement,
  onAnnounce: setAnnouncement,
  actions,
  remoteSearch,
}: TimelineProps) {
  const t = useTranslations("debrief");
  const labels = useTimelineLabels(data);
  // A paged debrief holds only some messages: its span is the outline's, the whole log's.
  const { complete, outline } = data;
  const scale = useMemo(() => timelineScale(complete ? index.times : [outline.first ?? 0, outline.last ?? 0]), [index, complete, outline]);
  const flags = useMemo(() => data.annotations.filter((a) => a.important), [data.annotations]);
  const moments = useMemo(() => keyMoments(index.events, index.times, data.channels, flags), [index, data.channels, flags]);
  // An event's own moment names it before a flag on it does.
  const momentBySeq = useMemo(() => {
    const bySeq = new Map<number, KeyMoment>();
    for (const m of moments) if (!bySeq.has(m.event.seq) || bySeq.get(m.event.seq)?.kind === "flagged") bySeq.set(m.event.seq, m);
    return bySeq;
  }, [moments]);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(15);

  const shown = Math.min(time, scale.end);
  const count = index.countAt(time);
  const last: EventDto | undefined = index.events[count - 1];
  const next = nextMoment(moments, shown);
  const prev = prevMoment(moments, shown);
  const current = moments.findIndex((m) => m.time === shown);

  // Playback moves a clock through exercise time at `speed`× real time.
  const playTime = useRef(0);
  const onTimeRef = useRef(onTime);
  useEffect(() => {
    onTimeRef.current = onTime;
  }, [onTime]);
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let drawn = last;
    let frame = 0;
    const step = (now: number) => {
      playTime.current += (now - last) * speed;
      last = now;
      if (playTime.current >= scale.end) {
        onTimeRef.current(Infinity);
        setPlaying(false);
        return;
      }
      if (now - drawn >= PLAY_FRAME) {
        drawn = now;
        onTimeRef.current(playTime.current);
      }
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, scale]);

  function togglePlay() {
    if (playing) return setPlaying(false);
    playTime.current = shown >= scale.end ? scale.start : shown;
    onTime(playTime.current);
    setPlaying(true);
  }

  function go(to: number) {
    setPlaying(false);
    onTime(to >= scale.end ? Infinity : to);
  }

  function jump(m: KeyMoment | null) {
    if (!m) return;
    go(m.time);
    setAnnouncement(t("jumped", { label: labels.moment(m), time: labels.clock(m.time) }));
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const forward = e.key === "ArrowRight" || e.key === "ArrowUp";
    const back = e.key === "ArrowLeft" || e.key === "ArrowDown";
    if (forward || back) {
      e.preventDefault();
      if (e.shiftKey) {
        const to = forward ? nextEventTime(index.times, shown) : prevEventTime(index.times, shown);
        if (to !== null) go(to);
        else go(forward ? scale.end : scale.start);
      } else go(Math.max(scale.start, shown + (forward ? 1 : -1) * keyStep(scale)));
    } else if (e.key === "PageUp" || e.key === "PageDown") {
      e.preventDefault();
      jump(e.key === "PageUp" ? next : prev);
    }
  }

  const clockNow = last ? labels.clock(shown) : t("beforeStart");
  return (
    <section className="timeline panel" aria-label={t("timeline")}>
      <div className="timeline-controls">
        <button type="button" className="button" onClick={togglePlay}>
          {playing ? t("pause") : t("play")}
        </button>
        <label className="inline-label">
          {t("speed")}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {t("speedOption", { speed: s })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button-secondary" disabled={!prev} onClick={() => jump(prev)}>
          ◀ {prev ? t("prevMoment", { label: labels.moment(prev) }) : t("start")}
        </button>
        <button type="button" className="button button-secondary" disabled={!next} onClick={() => jump(next)}>
          {next ? t("nextMoment", { label: labels.moment(next) }) : t("end")} ▶
        </button>
        <label className="inline-label">
          {t("jumpTo")}
          <select
            value={current < 0 ? "" : String(current)}
            onChange={(e) => e.target.value !== "" && jump(moments[Number(e.target.value)] ?? null)}
          >
            <option value="">{t("jumpChoose")}</option>
            {moments.map((m, i) => (
              <option key={`${m.kind}-${m.event.seq}-${m.time}`} value={i}>
                {labels.clock(m.time)} · {labels.moment(m)}
              </option>
            ))}
          </select>
        </label>
        {actions}
      </div>
      <div className="tl-row tl-slider-row">
        <span className="tl-label tl-clock">{clockNow}</span>
        <input
          type="range"
          min={0}
          max={scale.duration}
          step={1}
          value={offsetAt(scale, shown)}
          onChange={(e) => {
            const offset = Number(e.target.value);
            go(offset >= scale.duration ? Infinity : timeAtOffset(scale, offset));
          }}
          onKeyDown={onKeyDown}
          aria-label={t("moment")}
          aria-valuetext={
            last
              ? t("valueText", { time: labels.clock(shown), event: labels.lastEvent(last, (e) => momentBySeq.get(e.seq)) })
              : t("momentStart")
          }
          aria-describedby="timeline-keys"
          className="scrubber tl-scrubber"
        />
      </div>
      <p id="timeline-keys" className="visually-hidden">
        {t("keysHint")}
      </p>
      <TimelineTracks data={data} index={index} moments={moments} scale={scale} time={shown} onSeek={go} />
      <TimelineLegend />
      <p className="meta tl-announce" role="status">
        {announcement}
      </p>
      <TimelineSearch
        data={data}
        {...(remoteSearch ? { remote: remoteSearch } : {})}
        onChoose={(hit, where) => {
          go(hit.time);
          onFound(hit);
          setAnnouncement(t("search.found", { where, time: labels.clock(hit.time) }));
        }}
      />
    </section>
  );
}
