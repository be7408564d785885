import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventDto } from "../../lib/contract/events";
import {
  formatCountdown,
  injectsToCome,
  injectTimeline,
  injectTiming,
  releasedInjects,
  type PhasePlan,
  type TimelineState,
} from "../../lib/injects/inject-timeline";
import { dueInjects, nextDueAt } from "../../server/domain/inject-schedule";
import { enterPhase, extend, initialClock, pause, start, type ClockState } from "../../server/domain/clock";
import { loadScenarioFile, loadStandardRoles } from "../../server/scenarios/scenario-loader";

const MIN = 60_000;
const root = join(import.meta.dirname, "../..");
const loaded = loadScenarioFile(join(root, "roles/scenarios/collapsing-ceasefire/scenario.yaml"), loadStandardRoles(join(root, "roles")));
if (!loaded.ok) throw new Error("scenario invalid");
const scenario = loaded.scenario;
// opening 15 min (convoy at 8) · proximity 25 (mortar at 10, activation at 20) · drafting 40 (12, 30) · deadline 20; two manual
const phases: PhasePlan[] = scenario.phases.map((p) => ({ key: p.key, minutes: p.minutes }));
const inject = (key: string) => scenario.injects.find((i) => i.key === key)!;
const state = (clock: ClockState, now: number, more: Partial<TimelineState> = {}): TimelineState => ({
  status: "running",
  clock,
  phases,
  released: new Map(),
  now,
  ...more,
});

describe("inject timeline", () => {
  it("counts down to an inject of the running phase and says when it fires", () => {
    const clock = start(initialClock(0), 1_000);
    expect(injectTiming(inject("convoy-turned-back"), state(clock, 1_000 + 3 * MIN))).toEqual({
      kind: "counting",
      inMs: 5 * MIN,
      firesAt: 1_000 + 8 * MIN,
    });
  });

  it("holds the remaining time while the clock is paused or the lobby waits", () => {
    const paused = pause(start(initialClock(0), 0), 2 * MIN);
    expect(injectTiming(inject("convoy-turned-back"), state(paused, 50 * MIN, { status: "paused" }))).toEqual({
      kind: "held",
      inMs: 6 * MIN,
    });
    expect(injectTiming(inject("convoy-turned-back"), { ...state(initialClock(0), 0), status: "lobby" })).toEqual({
      kind: "held",
      inMs: 8 * MIN,
    });
    // Before the console has joined there is no clock yet: the lobby's view.
    expect(injectTiming(inject("convoy-turned-back"), { ...state(initialClock(0), 0), clock: null, status: "" })).toEqual({
      kind: "held",
      inMs: 8 * MIN,
    });
  });

  it("estimates an inject of a later phase from the time left now and the planned phases between", () => {
    // Opening, 5 of 15 minutes gone with 3 minutes added: 13 left + proximity 25 + drafting minute 12.
    const clock = extend(start(initialClock(0), 0), 3);
    expect(injectTiming(inject("monitor-withdrawal"), state(clock, 5 * MIN))).toEqual({
      kind: "later",
      phaseIndex: 2,
      inMs: 50 * MIN,
      firesAt: 55 * MIN,
    });
    // An overrun phase counts as ending now; a stopped clock gives no time of day.
    expect(injectTiming(inject("market-mortar"), state(clock, 30 * MIN))).toMatchObject({
      kind: "later",
      inMs: 10 * MIN,
      firesAt: 40 * MIN,
    });
    expect(injectTiming(inject("market-mortar"), state(pause(clock, 5 * MIN), 9 * MIN, { status: "paused" }))).toEqual({
      kind: "later",
      phaseIndex: 1,
      inMs: 23 * MIN,
      firesAt: null,
    });
  });

  it("marks released, manual and missed injects", () => {
    const inDrafting = start(enterPhase(initialClock(), 2, 0), 0);
    const released = new Map([["market-mortar", "2026-03-01T10:00:00.000Z"]]);
    const timeline = injectTimeline(scenario.injects, state(inDrafting, MIN, { released }));
    const kinds = Object.fromEntries(timeline.map((e) => [e.inject.key, e.timing.kind]));
    expect(kinds).toEqual({
      "convoy-turned-back": "missed",
      "market-mortar": "released",
      "activation-order": "missed",
      "monitor-withdrawal": "counting",
      "veto-statement": "counting",
      "western-zone-attack": "manual",
      "special-forces-rumour": "manual",
    });
    expect(injectsToCome(scenario.injects, { status: "running", clock: inDrafting, phases, released })).toBe(2);
    // Ended: nothing fires any more.
    expect(
      injectTimeline(scenario.injects, state(inDrafting, MIN, { status: "ended" })).filter((e) => e.timing.kind === "counting"),
    ).toEqual([]);
  });

  it("orders the injects by phase and minute, manual ones last", () => {
    const shuffled = [...scenario.injects].reverse();
    expect(injectTimeline(shuffled, state(initialClock(0), 0)).map((e) => e.inject.key)).toEqual([
      "convoy-turned-back",
      "market-mortar",
      "activation-order",
      "monitor-withdrawal",
      "veto-statement",
      "special-forces-rumour",
      "western-zone-attack",
    ]);
  });

  it("reads scenario injects released from the events, first release wins", () => {
    const event = (seq: number, injectKey: string | null, at: string): EventDto =>
      ({
        seq,
        at,
        actor: {},
        type: "inject.released",
        payload: { injectKey, title: "t", text: "x", audience: "all", scheduled: true },
      }) as EventDto;
    const released = releasedInjects([event(1, "market-mortar", "A"), event(2, null, "B"), event(3, "market-mortar", "C")]);
    expect([...released]).toEqual([["market-mortar", "A"]]);
  });

  it("agrees with the server's scheduler: what it calls due fires now, and the first time it gives is the scheduler's next", () => {
    const clockArb = fc.record({
      phaseIndex: fc.integer({ min: 0, max: phases.length - 1 }),
      running: fc.boolean(),
      resumedAt: fc.integer({ min: 0, max: 60 * MIN }),
      elapsedBeforeMs: fc.integer({ min: 0, max: 60 * MIN }),
      extensionMs: fc.integer({ min: 0, max: 10 }).map((m) => m * MIN),
    });
    fc.assert(
      fc.property(
        clockArb,
        fc.integer({ min: 0, max: 120 * MIN }),
        fc.subarray(scenario.injects.map((i) => i.key)),
        (clock, after, firedKeys) => {
          const now = clock.resumedAt + after;
          const fired = new Set(firedKeys);
          const released = new Map(firedKeys.map((k) => [k, "then"]));
          const timeline = injectTimeline(scenario.injects, state(clock, now, { released }));
          const due = timeline.filter((e) => e.timing.kind === "due").map((e) => e.inject.key);
          const serverDue = clock.running ? dueInjects(scenario, clock, fired, now).map((i) => i.key) : [];
          expect(due.sort()).toEqual(serverDue.sort());
          const times = timeline.flatMap((e) => (e.timing.kind === "due" ? [now] : e.timing.kind === "counting" ? [e.timing.firesAt] : []));
          expect(times.length > 0 ? Math.min(...times) : null).toBe(nextDueAt(scenario, clock, fired, now));
        },
      ),
    );
  });

  it("writes a countdown as minutes and seconds, rounding up, with hours past sixty minutes", () => {
    expect([formatCountdown(5 * MIN), formatCountdown(7 * MIN + 4_001), formatCountdown(62 * MIN + 5_000), formatCountdown(-3)]).toEqual([
      "5:00",
      "7:05",
      "1:02:05",
      "0:00",
    ]);
  });
});
