// A wrong join code that is one or two keystrokes from an open exercise's code is almost
// certainly someone in that class mistyping it. The exercise's facilitator is told, with
// how many such codes came in lately and whether an address is being slowed down, so they
// can read the code out again before their class waits. Random guesses are near no code and
// raise no alarm (the backoff handles them). Counts are kept per node.
import type { JoinAlarmDto } from "../../lib/contract/events";

export const NEAR_MISS_DISTANCE = 2;
export const JOIN_ALARM_WINDOW_MS = 10 * 60_000;

/** What a person typed, as the code schema would read it (it may still be malformed). */
export const normalizeTyped = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, "");

/**
 * Edit distance with adjacent transpositions (optimal string alignment), stopping early
 * once it is certain to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

export const isNearMiss = (typed: string, code: string) =>
  typed !== code && editDistance(typed, code, NEAR_MISS_DISTANCE) <= NEAR_MISS_DISTANCE;

/** Near misses per exercise over the last window, counted in this node's memory. */
export function createNearMissCounter(now: () => number = Date.now) {
  const seen = new Map<string, number[]>();
  return {
    /** Records one near miss of this exercise's code; returns how many the window holds. */
    record(exerciseId: string): number {
      const t = now();
      const recent = (seen.get(exerciseId) ?? []).filter((at) => t - at < JOIN_ALARM_WINDOW_MS);
      recent.push(t);
      seen.set(exerciseId, recent);
      return recent.length;
    },
  };
}

export type JoinAlarmListener = (exerciseId: string, alarm: JoinAlarmDto) => void;
