// When each scenario inject fires, as the facilitator's console shows it. The server's rule
// (server/domain/inject-schedule.ts): an inject at { phase, minute } fires once the clock has
// spent `minute` minutes in that phase while the exercise runs, and never once the phase is
// left. Phases change by hand, so a time in a later phase is an estimate that assumes each
// phase in between keeps its planned length. Type-only imports: the browser uses this.
import type { ClockDto, EventDto } from "../contract/events";

export interface ScheduledInject {
  key: string;
  at: "manual" | { phase: string; minute: number };
}

export interface PhasePlan {
  key: string;
  minutes: number;
}

export type InjectTiming =
  | { kind: "released"; at: string }
  /** Released by hand only. */
  | { kind: "manual" }
  /** Its minute has come while the clock runs: the server's next tick releases it. */
  | { kind: "due" }
  /** In the current phase, clock running: fires in `inMs`, at `firesAt` (server time). */
  | { kind: "counting"; inMs: number; firesAt: number }
  /** In the current phase, clock stopped (lobby, paused): `inMs` of running time to go. */
  | { kind: "held"; inMs: number }
  /** In a later phase: `inMs` of running time if the phases keep to plan; `firesAt` while the clock runs. */
  | { kind: "later"; phaseIndex: number; inMs: number; firesAt: number | null }
  /** Its phase was left (or the exercise ended) before its minute: it will not fire by itself. */
  | { kind: "missed"; phaseIndex: number | null };

export interface TimelineState {
  status: string;
  /** The server's clock; null before the console has joined. */
  clock: ClockDto | null;
  phases: readonly PhasePlan[];
  /** Scenario inject key → when it was released (ISO time of the event). */
  released: ReadonlyMap<string, string>;
  /** Server time (epoch ms). */
  now: number;
}

const MINUTE = 60_000;
const STOPPED: ClockDto = { phaseIndex: 0, running: false, resumedAt: 0, elapsedBeforeMs: 0, extensionMs: 0 };

function elapsedMs(clock: ClockDto, now: number): number {
  return clock.elapsedBeforeMs + (clock.running ? Math.max(0, now - clock.resumedAt) : 0);
}

export function injectTiming(inject: ScheduledInject, state: TimelineState): InjectTiming {
  const releasedAt = state.released.get(inject.key);
  if (releasedAt !== undefined) return { kind: "released", at: releasedAt };
  if (inject.at === "manual") return { kind: "manual" };
  const { phase, minute } = inject.at;
  const phaseIndex = state.phases.findIndex((p) => p.key === phase);
  if (phaseIndex < 0) return { kind: "missed", phaseIndex: null };
  const clock = state.clock ?? STOPPED;
  if (state.status === "ended" || phaseIndex < clock.phaseIndex) return { kind: "missed", phaseIndex };
  // The server's scheduler only runs exercises whose status is running.
  const running = clock.running && state.status === "running";
  const elapsed = elapsedMs(clock, state.now);
  if (phaseIndex === clock.phaseIndex) {
    const inMs = minute * MINUTE - elapsed;
    if (!running) return { kind: "held", inMs: Math.max(0, inMs) };
    return inMs <= 0 ? { kind: "due" } : { kind: "counting", inMs, firesAt: state.now + inMs };
  }
  const current = state.phases[clock.phaseIndex];
  const leftInCurrent = Math.max(0, (current?.minutes ?? 0) * MINUTE + clock.extensionMs - elapsed);
  const between = state.phases.slice(clock.phaseIndex + 1, phaseIndex).reduce((sum, p) => sum + p.minutes * MINUTE, 0);
  const inMs = leftInCurrent + between + minute * MINUTE;
  return { kind: "later", phaseIndex, inMs, firesAt: running ? state.now + inMs : null };
}

/** Scenario order made chronological: by phase, then minute; manual ones (and unknown phases) last. */
export function injectTimeline<T extends ScheduledInject>(
  injects: readonly T[],
  state: TimelineState,
): { inject: T; timing: InjectTiming }[] {
  const order = (inject: T) => {
    if (inject.at === "manual") return Number.MAX_SAFE_INTEGER;
    const { phase, minute } = inject.at;
    const index = state.phases.findIndex((p) => p.key === phase);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index * 100_000 + minute;
  };
  return injects
    .map((inject, position) => ({ inject, position, rank: order(inject) }))
    .sort((a, b) => a.rank - b.rank || a.position - b.position)
    .map(({ inject }) => ({ inject, timing: injectTiming(inject, state) }));
}

/** Scenario injects released so far, from the events the console received: key → ISO time. */
export function releasedInjects(events: readonly EventDto[]): Map<string, string> {
  const released = new Map<string, string>();
  for (const e of events) {
    if (e.type === "inject.released" && e.payload.injectKey && !released.has(e.payload.injectKey)) released.set(e.payload.injectKey, e.at);
  }
  return released;
}

/** 7:05, or 1:02:05 past an hour. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

const COMING: readonly InjectTiming["kind"][] = ["due", "counting", "held", "later"];

/** Whether the inject may still fire by itself. */
export const isComing = (timing: InjectTiming): boolean => COMING.includes(timing.kind);

/**
 * How many scheduled injects may still fire by themselves. The time of day only decides
 * between "due" and "counting", both still to come, so none is needed here.
 */
export function injectsToCome(injects: readonly ScheduledInject[], state: Omit<TimelineState, "now">): number {
  return injects.filter((inject) => isComing(injectTiming(inject, { ...state, now: 0 }))).length;
}
