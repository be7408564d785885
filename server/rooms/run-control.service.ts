// The facilitator's controls over a live exercise: status, phases and the clock,
// injects (scheduled and by hand), announcements to chosen roles, and settings.
import { randomUUID } from "node:crypto";
import { fail, ok, type Result } from "../../lib/contract/result";
import type { Actor } from "../domain/authorization";
import { elapsedMs, enterPhase, extend, pause, plannedMs, start, type ClockState } from "../domain/clock";
import { canTransition, type ExerciseStatus } from "../domain/exercise-status";
import { dueInjects, injectIdempotencyKey, nextDueAt } from "../domain/inject-schedule";
import type { Tx } from "../db/types";
import type { Visibility } from "../domain/visibility";
import type { Logger } from "../logger";
import type { LogEventOf } from "../../lib/contract/log-events";
import type { ExerciseRoom, RoomSettings } from "./exercise-room";
import type { RoomCore } from "./room-core";
import type { RoomDeps } from "./room-core";
import type { LoggedEvent } from "../domain/exercise-log";
import { applyOversight } from "../domain/oversight";

export interface InjectInput {
  /** A scenario inject (its text may be edited before release), or absent for a new one. */
  injectKey?: string;
  title: string;
  text: string;
  audience: "all" | string[];
}

type RunChange = LogEventOf<"exercise.status" | "exercise.phase" | "exercise.extended">;

export interface RunSnapshot {
  status: ExerciseStatus;
  phaseIndex: number;
  clock: ClockState;
  serverTime: number;
}

export function createRunControl(deps: RoomDeps & { now: () => number; logger: Logger }, core: RoomCore) {
  const { rooms, now } = deps;
  const { room, commit } = core;

  /** How the phase being left went: for the debrief's "phases overrun". */
  const phaseOutcome = (r: ExerciseRoom) => ({
    index: r.phaseIndex,
    elapsedMs: elapsedMs(r.clock, now()),
    plannedMs: plannedMs(r.scenario.phases[r.phaseIndex], r.clock),
  });
  const snapshot = (r: ExerciseRoom): RunSnapshot => ({ status: r.status, phaseIndex: r.phaseIndex, clock: r.clock, serverTime: now() });
  const allRoles = (r: ExerciseRoom) => r.scenario.roles.map((x) => x.key);

  /**
   * Runs a facilitator command under the lock; with a client key, a resend after a lost
   * ack gets `replay` of what was recorded (`task` receives the key for its commit).
   */
  async function managed<T>(
    actor: Actor,
    exerciseId: string,
    clientKey: string | undefined,
    replay: (r: ExerciseRoom, event: LoggedEvent) => Result<T>,
    task: (r: ExerciseRoom, key: string | undefined) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    return core.command({
      actor,
      exerciseId,
      clientKey,
      guard: { action: "exercise:manage", refusal: "Only the facilitator runs the exercise" },
      replay,
      run: task,
    });
  }
  const currentRun = (r: ExerciseRoom) => ok(snapshot(r));
  const seqOf = (_r: ExerciseRoom, event: LoggedEvent) => ok({ seq: event.seq });

  /** The run state a change leads to, as its event carries it. */
  const runState = (status: ExerciseStatus, phaseIndex: number, clock: ClockState) => ({ status, phaseIndex, clock, serverTime: now() });

  /**
   * Schedules the exercise's next due inject through the outbox, in the transaction of the
   * change that makes it next: a restart or another node neither loses nor doubles it
   * (an older schedule that no longer holds finds nothing due; releasing is idempotent).
   */
  async function scheduleInjects(tx: Tx, r: ExerciseRoom, clock: ClockState, fired: ReadonlySet<string>): Promise<void> {
    const at = nextDueAt(r.scenario, clock, fired, now());
    if (at === null || !deps.effects) return;
    await deps.effects.enqueue(tx, {
      kind: "injects.due",
      payload: { exerciseId: r.exerciseId },
      exerciseId: r.exerciseId,
      runAt: new Date(at),
      dedupeKey: `injects:${r.exerciseId}:${at}`,
    });
  }

  /** Records a change of status, phase or clock as one event, persisted with the state its payload carries. */
  async function changeRun(r: ExerciseRoom, actor: Actor | null, change: RunChange, key?: string) {
    const next = change.payload;
    await commit(
      r,
      {
        ...change,
        exerciseId: r.exerciseId,
        actor: actor ? { userId: actor.userId } : {},
        visibility: { kind: "exercise" },
        ...(key ? { idempotencyKey: key } : {}),
      },
      async (tx) => {
        await rooms.saveRunState(tx, r.exerciseId, { status: next.status, phaseIndex: next.phaseIndex, clock: JSON.stringify(next.clock) });
        if (next.status === "running") await scheduleInjects(tx, r, next.clock, r.firedInjects);
      },
      () => {
        r.status = next.status;
        r.phaseIndex = next.phaseIndex;
        r.clock = next.clock;
        core.publishChannels(r, allRoles(r));
      },
    );
  }

  async function release(r: ExerciseRoom, actor: Actor | null, input: InjectInput, idempotencyKey: string) {
    const visibility: Visibility = input.audience === "all" ? { kind: "exercise" } : { kind: "roles", roles: input.audience };
    const result = await commit(
      r,
      {
        exerciseId: r.exerciseId,
        type: "inject.released",
        actor: actor ? { userId: actor.userId } : {},
        visibility,
        payload: {
          injectKey: input.injectKey ?? null,
          title: input.title,
          text: input.text,
          audience: input.audience,
          scheduled: actor === null,
        },
        idempotencyKey,
      },
      // The next inject of the schedule is due once this one is out.
      (tx) =>
        r.status === "running"
          ? scheduleInjects(tx, r, r.clock, new Set([...r.firedInjects, ...(input.injectKey ? [input.injectKey] : [])]))
          : Promise.resolve(),
      () => {
        if (input.injectKey) r.firedInjects.add(input.injectKey);
      },
    );
    return result;
  }

  /** Releases the exercise's scheduled injects that are due, as Parley itself; how many were new. */
  async function releaseDue(exerciseId: string): Promise<number> {
    let released = 0;
    await core.command({
      actor: null,
      exerciseId,
      key: null,
      run: async (r) => {
        if (r.status !== "running") return ok(0);
        for (const inject of dueInjects(r.scenario, r.clock, r.firedInjects, now())) {
          const result = await release(
            r,
            null,
            { injectKey: inject.key, title: inject.title, text: inject.text, audience: inject.audience },
            injectIdempotencyKey(inject.key),
          );
          if (!result.duplicate) released++;
          r.firedInjects.add(inject.key);
        }
        return ok(released);
      },
    });
    return released;
  }

  return {
    snapshot,

    async setStatus(
      actor: Actor,
      exerciseId: string,
      to: ExerciseStatus,
      clientKey?: string,
      reason?: string,
    ): Promise<Result<RunSnapshot>> {
      return managed(actor, exerciseId, clientKey, currentRun, async (r, key) => {
        if (!canTransition(r.status, to)) return fail("conflict", `The exercise cannot go from ${r.status} to ${to}`);
        const t = now();
        const clock = to === "running" ? start(r.clock, t) : pause(r.clock, t);
        await changeRun(
          r,
          actor,
          {
            type: "exercise.status",
            payload: {
              from: r.status,
              to,
              ...(to === "ended" ? { leftPhase: phaseOutcome(r) } : {}),
              ...(reason ? { reason } : {}),
              ...runState(to, r.phaseIndex, clock),
            },
          },
          key,
        );
        return ok(snapshot(r));
      });
    },

    async setPhase(actor: Actor, exerciseId: string, phaseIndex: number, clientKey?: string): Promise<Result<RunSnapshot>> {
      return managed(actor, exerciseId, clientKey, currentRun, async (r, key) => {
        if (phaseIndex >= r.scenario.phases.length) return fail("invalid_payload", `This scenario has ${r.scenario.phases.length} phases`);
        if (r.status === "ended") return fail("conflict", "The exercise has ended");
        const clock = enterPhase(r.clock, phaseIndex, now());
        const title = r.scenario.phases[phaseIndex]?.title;
        await changeRun(
          r,
          actor,
          {
            type: "exercise.phase",
            payload: { from: r.phaseIndex, to: phaseIndex, title, leftPhase: phaseOutcome(r), ...runState(r.status, phaseIndex, clock) },
          },
          key,
        );
        return ok(snapshot(r));
      });
    },

    async extend(actor: Actor, exerciseId: string, minutes: number, clientKey?: string): Promise<Result<RunSnapshot>> {
      return managed(actor, exerciseId, clientKey, currentRun, async (r, key) => {
        if (r.status === "ended") return fail("conflict", "The exercise has ended");
        await changeRun(
          r,
          actor,
          { type: "exercise.extended", payload: { minutes, ...runState(r.status, r.phaseIndex, extend(r.clock, minutes)) } },
          key,
        );
        return ok(snapshot(r));
      });
    },

    async releaseInject(actor: Actor, exerciseId: string, input: InjectInput, clientKey?: string): Promise<Result<{ seq: number }>> {
      return managed(actor, exerciseId, clientKey, seqOf, async (r, keyed) => {
        if (input.injectKey && !r.scenario.injects.some((i) => i.key === input.injectKey))
          return fail("not_found", "No such inject in this scenario");
        if (input.audience !== "all") {
          const unknown = input.audience.find((k) => !r.scenario.roles.some((x) => x.key === k));
          if (unknown) return fail("invalid_payload", `There is no role "${unknown}"`);
        }
        if (r.status === "draft" || r.status === "ended")
          return fail("exercise_not_running", "Injects can be released while the exercise runs");
        // A scenario inject is released once whoever asks; a new one once per client key.
        const key = input.injectKey ? injectIdempotencyKey(input.injectKey) : (keyed ?? `inject:custom:${randomUUID()}`);
        const result = await release(r, actor, input, key);
        if (result.duplicate) return fail("conflict", "This inject has already been released");
        return ok({ seq: result.event.seq });
      });
    },

    /** An announcement to chosen roles (to everyone: a message in the announcements channel). */
    async announce(actor: Actor, exerciseId: string, body: string, roles: string[], clientKey?: string): Promise<Result<{ seq: number }>> {
      return managed(actor, exerciseId, clientKey, seqOf, async (r, key) => {
        const unknown = roles.find((k) => !r.scenario.roles.some((x) => x.key === k));
        if (unknown) return fail("invalid_payload", `There is no role "${unknown}"`);
        const { event } = await commit(
          r,
          {
            exerciseId,
            type: "announcement.sent",
            actor: { userId: actor.userId },
            visibility: { kind: "roles", roles },
            payload: { body, roles },
            ...(key ? { idempotencyKey: key } : {}),
          },
          async () => undefined,
          // Changes nothing the room holds: other nodes keep their copy.
          null,
        );
        return ok({ seq: event.seq });
      });
    },

    async setSettings(actor: Actor, exerciseId: string, changes: Partial<RoomSettings>, clientKey?: string): Promise<Result<RoomSettings>> {
      return managed(
        actor,
        exerciseId,
        clientKey,
        (r) => ok(r.settings),
        async (r, key) => {
          const settings: RoomSettings = { ...r.settings, ...changes };
          await commit(
            r,
            {
              exerciseId,
              type: "exercise.settings",
              actor: { userId: actor.userId },
              visibility: { kind: "staff" },
              payload: settings,
              ...(key ? { idempotencyKey: key } : {}),
            },
            (tx) => rooms.mergeSettings(tx, exerciseId, settings),
            () => {
              // Observers' open views end with the permission (the visibility module reads this).
              if (r.settings.observersSeeBackchannels && !settings.observersSeeBackchannels)
                applyOversight(r.overseers, { kind: "observers-revoked" });
              r.settings = settings;
              // Observers' channel lists show backchannels only while they may open them.
              core.publishChannels(r, []);
            },
          );
          return ok(settings);
        },
      );
    },

    /** Releases every scheduled inject that is due; called by the scheduler's timer. */
    async tick(): Promise<number> {
      let released = 0;
      for (const [exerciseId, entry] of [...core.loaded]) {
        // Only running exercises can have injects due: the others are not locked for nothing.
        const r = await entry.catch(() => null);
        if (r?.status === "running" && dueInjects(r.scenario, r.clock, r.firedInjects, now()).length > 0)
          released += await releaseDue(exerciseId);
      }
      return released;
    },

    releaseDue,

    /** Loads exercises that may be running, so their scheduled injects fire after a restart. */
    async loadActive(): Promise<void> {
      for (const id of await rooms.listActive()) await room(id);
    },

    /**
     * Re-reads the live state after a change made outside the socket server (lobby
     * opened). With several nodes the change also gets a new state token, so the others
     * reload too, even those that have not loaded the exercise here.
     */
    async refresh(exerciseId: string): Promise<void> {
      if (!core.loaded.has(exerciseId) && !deps.lock?.distributed) return;
      const r = await room(exerciseId);
      await r?.exclusive(async () => {
        await r.reload();
        r.changed = true;
      });
    },
  };
}
export type RunControl = ReturnType<typeof createRunControl>;
