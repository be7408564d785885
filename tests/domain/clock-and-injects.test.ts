import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { elapsedMs, enterPhase, extend, initialClock, pause, remainingMs, start, clockStateSchema } from "../../server/domain/clock";
import { dueInjects, nextDueAt } from "../../server/domain/inject-schedule";
import { loadScenarioText, loadStandardRoles } from "../../server/scenarios/scenario-loader";

const MIN = 60_000;
const root = join(import.meta.dirname, "../..");
const loaded = loadScenarioText(
  readFileSync(join(root, "tests/fixtures/minimal-scenario.yaml"), "utf8"),
  loadStandardRoles(join(root, "roles")),
);
if (!loaded.ok) throw new Error("fixture invalid");
const scenario = loaded.scenario; // phases: opening 10 min, drafting 30 min; inject "shelling" at drafting minute 5
const drafting = scenario.phases[1]!;

describe("exercise clock", () => {
  it("counts down only while running: pause and resume arithmetic", () => {
    let clock = start(enterPhase(initialClock(), 1, 0), 1_000);
    expect(remainingMs(drafting, clock, 1_000 + 10 * MIN)).toBe(20 * MIN);
    clock = pause(clock, 1_000 + 10 * MIN);
    // Ten minutes of pause do not count.
    expect(remainingMs(drafting, clock, 1_000 + 20 * MIN)).toBe(20 * MIN);
    clock = start(clock, 1_000 + 20 * MIN);
    expect(elapsedMs(clock, 1_000 + 25 * MIN)).toBe(15 * MIN);
    expect(remainingMs(drafting, clock, 1_000 + 25 * MIN)).toBe(15 * MIN);
  });

  it("pausing twice or starting twice changes nothing", () => {
    const running = start(initialClock(), 0);
    expect(start(running, 5 * MIN)).toEqual(running);
    const paused = pause(running, 3 * MIN);
    expect(pause(paused, 9 * MIN)).toEqual(paused);
  });

  it("extends the current phase and resets on a phase change", () => {
    let clock = extend(start(enterPhase(initialClock(), 1, 0), 0), 5);
    expect(remainingMs(drafting, clock, 30 * MIN)).toBe(5 * MIN);
    expect(remainingMs(drafting, clock, 40 * MIN)).toBe(-5 * MIN); // overrun shows as negative
    clock = enterPhase(clock, 0, 40 * MIN);
    expect(clock).toMatchObject({ phaseIndex: 0, extensionMs: 0, elapsedBeforeMs: 0, running: true, resumedAt: 40 * MIN });
  });
});

describe("inject schedule", () => {
  it("makes a timed inject due at its minute in its phase, and never in another phase", () => {
    const inOpening = start(initialClock(0), 0);
    expect(dueInjects(scenario, inOpening, new Set(), 9 * MIN)).toEqual([]);
    const inDrafting = start(enterPhase(initialClock(), 1, 0), 0);
    expect(dueInjects(scenario, inDrafting, new Set(), 5 * MIN - 1)).toEqual([]);
    expect(dueInjects(scenario, inDrafting, new Set(), 5 * MIN).map((i) => i.key)).toEqual(["shelling"]);
    expect(nextDueAt(scenario, inDrafting, new Set(), 2 * MIN)).toBe(5 * MIN);
  });

  it("does not move a scheduled inject forward while paused", () => {
    let clock = start(enterPhase(initialClock(), 1, 0), 0);
    clock = pause(clock, 3 * MIN);
    expect(dueInjects(scenario, clock, new Set(), 60 * MIN)).toEqual([]);
    expect(nextDueAt(scenario, clock, new Set(), 60 * MIN)).toBeNull();
    clock = start(clock, 60 * MIN);
    expect(nextDueAt(scenario, clock, new Set(), 60 * MIN)).toBe(62 * MIN);
  });

  it("after a restart mid-phase, neither fires a fired inject again nor loses a due one", () => {
    const before = start(enterPhase(initialClock(), 1, 0), 0);
    const fired = new Set(dueInjects(scenario, before, new Set(), 6 * MIN).map((i) => i.key));
    expect([...fired]).toEqual(["shelling"]);
    // The server stops; its clock state and the fired keys come back from the database.
    const restored = clockStateSchema.parse(JSON.parse(JSON.stringify(before)));
    expect(dueInjects(scenario, restored, fired, 8 * MIN)).toEqual([]);
    // A restart before the inject was due: it fires when due (or at once if the outage spans it).
    expect(dueInjects(scenario, restored, new Set(), 4 * MIN)).toEqual([]);
    expect(dueInjects(scenario, restored, new Set(), 12 * MIN).map((i) => i.key)).toEqual(["shelling"]);
  });
});
