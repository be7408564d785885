// The exercise clock: the server's, wall-clock based, so every client computes the same
// remaining time from one state. Pure functions over a small serialisable state.
import { type z } from "zod";
import type { Phase } from "../../lib/scenario/scenario.schema";
import { clockSchema } from "../../lib/contract/log-events";

/**
 * `{ phaseIndex, running, resumedAt, elapsedBeforeMs, extensionMs }`: `resumedAt` is when
 * the clock last started running in this phase (epoch ms), `elapsedBeforeMs` the time
 * spent in it before then, `extensionMs` what the facilitator added. One shape, shared
 * with the log's vocabulary (the events that change the clock carry it).
 */
export const clockStateSchema = clockSchema;
export type ClockState = z.infer<typeof clockStateSchema>;

export function initialClock(phaseIndex = 0): ClockState {
  return { phaseIndex, running: false, resumedAt: 0, elapsedBeforeMs: 0, extensionMs: 0 };
}

export function elapsedMs(clock: ClockState, now: number): number {
  return clock.elapsedBeforeMs + (clock.running ? Math.max(0, now - clock.resumedAt) : 0);
}

export function plannedMs(phase: Pick<Phase, "minutes"> | undefined, clock: ClockState): number {
  return (phase?.minutes ?? 0) * 60_000 + clock.extensionMs;
}

/** Negative when the phase has overrun. */
export function remainingMs(phase: Pick<Phase, "minutes"> | undefined, clock: ClockState, now: number): number {
  return plannedMs(phase, clock) - elapsedMs(clock, now);
}

export function start(clock: ClockState, now: number): ClockState {
  return clock.running ? clock : { ...clock, running: true, resumedAt: now };
}

export function pause(clock: ClockState, now: number): ClockState {
  return clock.running ? { ...clock, running: false, elapsedBeforeMs: elapsedMs(clock, now), resumedAt: 0 } : clock;
}

/** A new phase starts its own count from zero, keeping the running state. */
export function enterPhase(clock: ClockState, phaseIndex: number, now: number): ClockState {
  return { phaseIndex, running: clock.running, resumedAt: clock.running ? now : 0, elapsedBeforeMs: 0, extensionMs: 0 };
}

export function extend(clock: ClockState, minutes: number): ClockState {
  return { ...clock, extensionMs: clock.extensionMs + minutes * 60_000 };
}
