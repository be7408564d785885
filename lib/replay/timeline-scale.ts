// The debrief slider is proportional to time: its value is milliseconds since the first
// event, so an hour of silence takes as much room as an hour of talk. The state shown at
// a value is whatever had happened by then (`ReplayIndex.countAt`).

export interface TimelineScale {
  /** Epoch ms of the first and last event (equal when there is at most one). */
  start: number;
  end: number;
  /** At least 1, so that a position is always defined. */
  duration: number;
}

export function timelineScale(times: readonly number[]): TimelineScale {
  const start = times[0] ?? 0;
  const end = times[times.length - 1] ?? start;
  return { start, end, duration: Math.max(1, end - start) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The slider value (ms since the first event) for a time; times outside the exercise are clamped. */
export function offsetAt(scale: TimelineScale, time: number): number {
  return clamp(Math.round(time - scale.start), 0, scale.duration);
}

export function timeAtOffset(scale: TimelineScale, offset: number): number {
  return scale.start + clamp(offset, 0, scale.duration);
}

/** Where a time falls along the tracks, from 0 (first event) to 1 (last). */
export function fractionAt(scale: TimelineScale, time: number): number {
  return clamp((time - scale.start) / scale.duration, 0, 1);
}

export function timeAtFraction(scale: TimelineScale, fraction: number): number {
  return scale.start + Math.round(clamp(fraction, 0, 1) * scale.duration);
}

/** One keyboard step of the slider: about 1% of the exercise, never less than a second. */
export function keyStep(scale: TimelineScale): number {
  return Math.max(1000, Math.round(scale.duration / 100));
}

/** The time of the next event strictly after `time`, or null at the end (stepping by event). */
export function nextEventTime(times: readonly number[], time: number): number | null {
  return times.find((t) => t > time) ?? null;
}

/** The time of the last event strictly before `time`'s own events, or null at the start. */
export function prevEventTime(times: readonly number[], time: number): number | null {
  for (let i = times.length - 1; i >= 0; i--) if (times[i]! < time) return times[i]!;
  return null;
}
