// Which scheduled injects are due. An inject at { phase, minute } is due once the clock
// has spent `minute` minutes in that phase. Firing is recorded in the exercise log under
// the key `inject:scenario:<key>`, so a due inject fires once, even across restarts and nodes.
import type { Inject, Scenario } from "../../lib/scenario/scenario.schema";
import { elapsedMs, type ClockState } from "./clock";

export const injectIdempotencyKey = (injectKey: string) => `inject:scenario:${injectKey}`;

export function dueInjects(scenario: Scenario, clock: ClockState, fired: ReadonlySet<string>, now: number): Inject[] {
  const phase = scenario.phases[clock.phaseIndex];
  if (!phase) return [];
  const elapsed = elapsedMs(clock, now);
  return scenario.injects.filter(
    (inject) => inject.at !== "manual" && inject.at.phase === phase.key && inject.at.minute * 60_000 <= elapsed && !fired.has(inject.key),
  );
}

/** When the next scheduled inject of the current phase becomes due (null: none, or paused). */
export function nextDueAt(scenario: Scenario, clock: ClockState, fired: ReadonlySet<string>, now: number): number | null {
  if (!clock.running) return null;
  const phase = scenario.phases[clock.phaseIndex];
  if (!phase) return null;
  const elapsed = elapsedMs(clock, now);
  let next: number | null = null;
  for (const inject of scenario.injects) {
    if (inject.at === "manual" || inject.at.phase !== phase.key || fired.has(inject.key)) continue;
    const at = now + Math.max(0, inject.at.minute * 60_000 - elapsed);
    next = next === null ? at : Math.min(next, at);
  }
  return next;
}
