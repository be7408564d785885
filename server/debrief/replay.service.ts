// The debrief's data for one viewer, computed on the server from the exercise log with
// the same visibility rule as live delivery: a participant gets exactly what their role
// saw, plus backchannels the facilitator declassified and the annotations they may see.
import type { EventDto } from "../../lib/contract/events";
import type { Scenario } from "../../lib/scenario/scenario.schema";
import { decide, roleOf, type Actor } from "../domain/authorization";
import { computeFigures, type DebriefFigures } from "../domain/debrief-figures";
import { overseersFrom } from "../domain/oversight";
import { debriefPolicy, debriefViewer, oversees, seatOf, type ChannelKind, type ChannelView, type Perspective, type VisibilityState } from "../domain/visibility";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import { parseScenario } from "../../lib/scenario/parse-scenario";
import { createLogCache } from "./log-cache";
import type { StoredRoom } from "../storage/room.repository";
import type { Services } from "../services";
import { z } from "zod";
import { createAnnotationService, type ReplayAnnotation } from "./annotations.service";

export type { Perspective } from "../domain/visibility";

export interface ReplayChannel {
  id: string;
  kind: string;
  name: string;
  declassified: boolean;
  /** A backchannel this reader has not opened, while the exercise runs (opening it is audited). */
  sealed: boolean;
}

export type { ReplayAnnotation } from "./annotations.service";

export interface ReplayData {
  exercise: { id: string; title: string; status: string; scenarioTitle: string };
  perspective: Perspective;
  roles: { key: string; name: string }[];
  phases: { key: string; title: string; minutes: number }[];
  channels: ReplayChannel[];
  events: EventDto[];
  annotations: ReplayAnnotation[];
  figures: DebriefFigures;
  /** Facilitator only: each role's objectives and which were ticked. */
  objectives?: { roleKey: string; items: { id: string; text: string; met: boolean }[] }[];
  debriefQuestions: string[];
}

const settingsSchema = z.object({ objectivesMet: z.record(z.string(), z.array(z.string())).default({}) }).passthrough();

/** A role's objectives and whether the facilitator ticked each as met. */
export function objectivesOf(scenario: Scenario, settingsJson: string, roleKey: string): { id: string; text: string; met: boolean }[] {
  const met = settingsSchema.parse(JSON.parse(settingsJson || "{}")).objectivesMet[roleKey] ?? [];
  return (scenario.roles.find((r) => r.key === roleKey)?.objectives ?? []).map((o) => ({ id: o.id, text: o.text, met: met.includes(o.id) }));
}

/** What visibility depends on, as storage holds it (the debrief runs outside the live rooms). */
function visibilityState(stored: StoredRoom): VisibilityState {
  const channels = new Map<string, ChannelView>(stored.channels.map((c) => [c.id, { id: c.id, kind: c.kind as ChannelKind, members: new Set(c.members) }]));
  const settings = z.object({ observersSeeBackchannels: z.boolean().default(false) }).loose().parse(JSON.parse(stored.settings || "{}"));
  return { channels, overseers: overseersFrom(stored.oversight), observersSeeBackchannels: settings.observersSeeBackchannels };
}

/** Figures kept for repeated readers (one per reader's view of an exercise at one moment). */
const FIGURES_KEPT = 64;

export function createReplayService(db: Db, services: Services, logger: Logger) {
  const notes = createAnnotationService(db);
  const logCache = createLogCache(services.log);

  /**
   * The log as one reader may see it in the debrief, with the channels they may know of.
   * Every path that shows past events (the debrief, the assessment desk, a participant's
   * assessment) reads through here, so one rule decides and full views are audited.
   */
  async function visibleLog(actor: Actor, exerciseId: string, asRole?: string, purpose: "debrief" | "assessment" | "check" = "debrief") {
    const exercise = await db.exercise.findUnique({ where: { id: exerciseId }, include: { scenario: true, channels: true } });
    if (!exercise) return null;
    const scenario: Scenario = parseScenario(exercise.scenario.definition);
    const staff = decide(actor, "exercise:oversee").allowed;
    const ownRole = roleOf(actor);
    const perspective: Perspective =
      staff && !asRole ? { kind: "facilitator" } : staff && asRole ? { kind: "role", roleKey: asRole } : ownRole ? { kind: "role", roleKey: ownRole } : { kind: "observer" };
    if (perspective.kind === "role" && !scenario.roles.some((r) => r.key === perspective.roleKey)) return null;

    const stored = await services.rooms.load(exerciseId);
    if (!stored) return null;
    const state = visibilityState(stored);
    const policy = debriefPolicy(exercise.status);
    const declassified = exercise.channels.filter((c) => c.declassifiedAt !== null).map((c) => c.id);
    const roleWindows = perspective.kind === "role" ? await services.channels.windowsFor(exerciseId, perspective.roleKey) : [];
    const { viewer, fullView } = debriefViewer({ policy, perspective, reader: { userId: actor.userId, seat: seatOf(actor) }, state, roleWindows, declassified });
    // After the end the facilitator may read everything; every such opening is audited.
    // A check (is this event visible?) returns nothing to read, so it is not an opening.
    if (fullView && purpose !== "check") {
      const action = purpose === "assessment" ? "assessment.full-view" : "debrief.full-view";
      await db.auditEntry.create({
        data: { exerciseId, actorUserId: actor.userId, action, target: perspective.kind === "role" ? perspective.roleKey : "facilitator", detail: JSON.stringify({ perspective }) },
      });
      logger.info({ exerciseId, userId: actor.userId, perspective, purpose }, "full view opened");
    }
    const events = await logCache.visibleTo(exerciseId, viewer, { lastSeq: exercise.lastSeq, revision: exercise.logRevision });
    const known = new Set(viewer.kind === "role" ? viewer.channelWindows.map((w) => w.channelId) : exercise.channels.map((c) => c.id));
    const channels: ReplayChannel[] = exercise.channels
      .filter((c) => perspective.kind === "facilitator" || known.has(c.id))
      .map((c) => ({ id: c.id, kind: c.kind, name: c.name, declassified: c.declassifiedAt !== null, sealed: viewer.kind === "staff" && (viewer.hiddenChannels?.includes(c.id) ?? false) }));
    return { exercise, scenario, perspective, events, channels, viewer };
  }

  /**
   * The figures for one reader. They are a function of the reader's events (fixed by the
   * viewer, the log's last sequence number and revision), the channels listed, the seats and
   * every role's windows: the same inputs give the answer computed before.
   */
  const figuresMemo = new Map<string, DebriefFigures>();
  async function figuresFor(log: NonNullable<Awaited<ReturnType<typeof visibleLog>>>, roles: readonly string[]): Promise<DebriefFigures> {
    const { exercise, scenario, events, channels, viewer } = log;
    const seats = await db.roleAssignment.findMany({ where: { exerciseId: exercise.id, seat: "participant" }, select: { roleKey: true, removedAt: true }, orderBy: { id: "asc" } });
    const windows = await services.channels.windowsByRole(exercise.id);
    const memberships = roles.map((roleKey) => ({ roleKey, windows: windows.get(roleKey) ?? [] }));
    const key = JSON.stringify([exercise.id, exercise.lastSeq, exercise.logRevision, viewer, channels, seats, memberships]);
    const known = figuresMemo.get(key);
    if (known) return known;
    const figures = computeFigures(events, channels, roles, scenario.phases.map((p) => p.title), { seats, memberships });
    if (figuresMemo.size >= FIGURES_KEPT) figuresMemo.delete(figuresMemo.keys().next().value!);
    figuresMemo.set(key, figures);
    return figures;
  }

  return {
    visibleLog,

    /** `asRole` lets the facilitator see the replay exactly as one role saw it. */
    async build(actor: Actor, exerciseId: string, asRole?: string): Promise<ReplayData | null> {
      const log = await visibleLog(actor, exerciseId, asRole);
      if (!log) return null;
      const { exercise, scenario, perspective, events, channels } = log;
      const visibleSeqs = new Set(events.map((e) => e.seq));

      const annotations = await notes.readableBy(exerciseId, perspective, visibleSeqs);

      const roles = scenario.roles.map((r) => ({ key: r.key, name: r.name }));
      const figures = await figuresFor(log, roles.map((r) => r.key));
      return {
        exercise: { id: exercise.id, title: exercise.title, status: exercise.status, scenarioTitle: scenario.title },
        perspective,
        roles,
        phases: scenario.phases.map((p) => ({ key: p.key, title: p.title, minutes: p.minutes })),
        channels,
        events,
        annotations,
        figures,
        ...(perspective.kind === "facilitator"
          ? {
              objectives: scenario.roles.map((r) => ({ roleKey: r.key, items: objectivesOf(scenario, exercise.settings, r.key) })),
            }
          : {}),
        debriefQuestions: scenario.debrief.questions,
      };
    },

    /**
     * Opens a backchannel to every role's debrief (or closes it again). While the exercise
     * runs, only a backchannel the facilitator has opened (audited) may be declassified.
     */
    async declassify(actor: Actor, exerciseId: string, channelId: string, on: boolean): Promise<"ok" | "not_found" | "not_opened"> {
      const channel = await db.channel.findFirst({ where: { id: channelId, exerciseId, kind: "backchannel" } });
      const stored = channel ? await services.rooms.load(exerciseId) : null;
      if (!channel || !stored) return "not_found";
      if (on && debriefPolicy(stored.status) === "debrief-running" && !oversees(visibilityState(stored), seatOf(actor), actor.userId, channelId)) return "not_opened";
      await services.log.append(
        {
          exerciseId,
          type: on ? "channel.declassified" : "channel.reclassified",
          actor: { userId: actor.userId },
          visibility: { kind: "staff" },
          payload: { channelId, channelName: channel.name },
        },
        async (tx) => {
          await tx.channel.update({ where: { id: channelId }, data: { declassifiedAt: on ? new Date() : null } });
        },
      );
      return "ok";
    },

    /** The facilitator's notes and flags (annotations.service.ts). */
    annotations: notes,

    async tickObjective(exerciseId: string, roleKey: string, objectiveId: string, met: boolean): Promise<void> {
      await db.$transaction(async (tx) => {
        const row = await tx.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { settings: true } });
        const settings = settingsSchema.parse(JSON.parse(row.settings || "{}"));
        const current = new Set(settings.objectivesMet[roleKey] ?? []);
        if (met) current.add(objectiveId);
        else current.delete(objectiveId);
        settings.objectivesMet[roleKey] = [...current];
        await tx.exercise.update({ where: { id: exerciseId }, data: { settings: JSON.stringify(settings) } });
      });
    },
  };
}
export type ReplayService = ReturnType<typeof createReplayService>;
