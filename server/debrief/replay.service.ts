// The debrief's data for one viewer, computed on the server from the exercise log with
// the same visibility rule as live delivery: a participant gets exactly what their role
// saw, plus backchannels the facilitator declassified and the annotations they may see.
import type { EventDto } from "../../lib/contract/events";
import type { Scenario } from "../../lib/scenario/scenario.schema";
import { decide, roleOf, type Actor } from "../domain/authorization";
import { computeFigures, type DebriefFigures } from "../domain/debrief-figures";
import { overseersFrom } from "../domain/oversight";
import {
  debriefPolicy,
  debriefViewer,
  seatOf,
  type ChannelKind,
  type ChannelView,
  type Perspective,
  type VisibilityState,
} from "../domain/visibility";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import { parseScenario } from "../../lib/scenario/parse-scenario";
import type { StoredRoom } from "../storage/room.repository";
import type { Services } from "../services";
import { z } from "zod";
import { createAnnotationService } from "./annotations.service";
import { createReplayPages } from "./replay-pages";

export type { Perspective } from "../domain/visibility";

export type { ReplayAnnotation, ReplayChannel, ReplayData, ReplayScreen } from "./replay-view";
export { objectivesOf } from "./replay-view";
import { objectiveSettingsSchema, replayFrame, type DebriefView, type ReplayChannel, type ReplayData } from "./replay-view";

/** What visibility depends on, as storage holds it (the debrief runs outside the live rooms). */
function visibilityState(stored: StoredRoom): VisibilityState {
  const channels = new Map<string, ChannelView>(
    stored.channels.map((c) => [c.id, { id: c.id, kind: c.kind as ChannelKind, members: new Set(c.members) }]),
  );
  const settings = z
    .object({ observersSeeBackchannels: z.boolean().default(false) })
    .loose()
    .parse(JSON.parse(stored.settings || "{}"));
  return { channels, overseers: overseersFrom(stored.oversight), observersSeeBackchannels: settings.observersSeeBackchannels };
}

/** Figures kept for repeated readers (one per reader's view of an exercise at one moment). */
const FIGURES_KEPT = 64;

export function createReplayService(db: Db, services: Services, logger: Logger) {
  const notes = createAnnotationService(db);

  /**
   * Who is reading, as whom, and what they may know of (the viewer and the channels): one
   * decision for every path that shows past events (the debrief and its pages, the
   * assessment desk, a participant's assessment), so one rule decides and full views are
   * audited. After the end the facilitator may read everything; every opening of that
   * (`debrief`, `assessment`) writes an audit entry whose id is the opening; a `part` of a
   * debrief (a page, its figures, a search) is read under an opening and writes none, and
   * without a valid one it is refused; a `check` (is this event visible?) returns nothing to
   * read, so it is not an opening.
   */
  async function viewOf(
    actor: Actor,
    exerciseId: string,
    asRole: string | undefined,
    purpose: "debrief" | "assessment" | "check" | "part",
    opening?: string,
  ) {
    const exercise = await db.exercise.findUnique({ where: { id: exerciseId }, include: { scenario: true, channels: true } });
    if (!exercise) return null;
    const scenario: Scenario = parseScenario(exercise.scenario.definition);
    const staff = decide(actor, "exercise:oversee").allowed;
    const ownRole = roleOf(actor);
    const perspective: Perspective =
      staff && !asRole
        ? { kind: "facilitator" }
        : staff && asRole
          ? { kind: "role", roleKey: asRole }
          : ownRole
            ? { kind: "role", roleKey: ownRole }
            : { kind: "observer" };
    if (perspective.kind === "role" && !scenario.roles.some((r) => r.key === perspective.roleKey)) return null;

    const stored = await services.rooms.load(exerciseId);
    if (!stored) return null;
    const state = visibilityState(stored);
    const policy = debriefPolicy(exercise.status);
    const declassified = exercise.channels.filter((c) => c.declassifiedAt !== null).map((c) => c.id);
    const roleWindows = perspective.kind === "role" ? await services.channels.windowsFor(exerciseId, perspective.roleKey) : [];
    const { viewer, fullView } = debriefViewer({
      policy,
      perspective,
      reader: { userId: actor.userId, seat: seatOf(actor) },
      state,
      roleWindows,
      declassified,
    });
    const target = perspective.kind === "role" ? perspective.roleKey : "facilitator";
    let openingId: string | undefined;
    if (fullView && purpose === "part") {
      const opened = opening
        ? await db.auditEntry.findFirst({
            where: { id: opening, exerciseId, actorUserId: actor.userId, action: "debrief.full-view", target },
            select: { id: true },
          })
        : null;
      if (!opened) return "not_opened" as const;
      openingId = opened.id;
    } else if (fullView && purpose !== "check") {
      const action = purpose === "assessment" ? "assessment.full-view" : "debrief.full-view";
      const entry = await db.auditEntry.create({
        data: { exerciseId, actorUserId: actor.userId, action, target, detail: JSON.stringify({ perspective }) },
      });
      openingId = entry.id;
      logger.info({ exerciseId, userId: actor.userId, perspective, purpose }, "full view opened");
    }
    const known = new Set(viewer.kind !== "staff" ? viewer.channelWindows.map((w) => w.channelId) : exercise.channels.map((c) => c.id));
    const channels: ReplayChannel[] = exercise.channels
      .filter((c) => perspective.kind === "facilitator" || known.has(c.id))
      .map((c) => ({
        id: c.id,
        kind: c.kind,
        name: c.name,
        declassified: c.declassifiedAt !== null,
        sealed: viewer.kind === "staff" && (viewer.hiddenChannels?.includes(c.id) ?? false),
      }));
    return { exercise, scenario, perspective, channels, viewer, ...(openingId ? { opening: openingId } : {}) };
  }

  /** The whole log as one reader may see it, with the channels they may know of (see viewOf). */
  async function visibleLog(actor: Actor, exerciseId: string, asRole?: string, purpose: "debrief" | "assessment" | "check" = "debrief") {
    const view = await viewOf(actor, exerciseId, asRole, purpose);
    if (!view || view === "not_opened") return null;
    return { ...view, events: await readAll(view) };
  }

  /** Every event a view's reader may see (`canSee` over the log held parsed). */
  function readAll(view: DebriefView) {
    return services.log.visible.events(view.exercise.id, view.viewer, {
      lastSeq: view.exercise.lastSeq,
      revision: view.exercise.logRevision,
    });
  }

  /**
   * The figures for one reader. They are a function of the reader's events (fixed by the
   * viewer, the log's last sequence number and revision), the channels listed, the seats and
   * every role's windows: the same inputs give the answer computed before, without reading
   * the log again (a log larger than the held budget is not kept: server/storage/visible-log.ts).
   */
  const figuresMemo = new Map<string, DebriefFigures>();
  async function figuresFor(view: DebriefView, roles: readonly string[], read?: readonly EventDto[]): Promise<DebriefFigures> {
    const { exercise, scenario, channels, viewer } = view;
    const seats = await db.roleAssignment.findMany({
      where: { exerciseId: exercise.id, seat: "participant" },
      select: { roleKey: true, removedAt: true },
      orderBy: { id: "asc" },
    });
    const windows = await services.channels.windowsByRole(exercise.id);
    const memberships = roles.map((roleKey) => ({ roleKey, windows: windows.get(roleKey) ?? [] }));
    const key = JSON.stringify([exercise.id, exercise.lastSeq, exercise.logRevision, viewer, channels, seats, memberships]);
    const known = figuresMemo.get(key);
    if (known) return known;
    const events = read ?? (await readAll(view));
    const figures = computeFigures(
      events,
      channels,
      roles,
      scenario.phases.map((p) => p.title),
      { seats, memberships },
    );
    if (figuresMemo.size >= FIGURES_KEPT) figuresMemo.delete(figuresMemo.keys().next().value!);
    figuresMemo.set(key, figures);
    return figures;
  }

  const pages = createReplayPages({ log: services.log, notes, viewOf, readAll, figuresFor });

  return {
    visibleLog,

    /** The debrief as the route serves it: whole when small, else its state, outline and pages (replay-pages.ts). */
    pages,

    /** `asRole` lets the facilitator see the replay exactly as one role saw it. */
    async build(actor: Actor, exerciseId: string, asRole?: string): Promise<ReplayData | null> {
      const log = await visibleLog(actor, exerciseId, asRole);
      if (!log) return null;
      const annotations = await notes.readableBy(exerciseId, log.perspective, new Set(log.events.map((e) => e.seq)));
      const frame = replayFrame(log);
      const figures = await figuresFor(
        log,
        frame.roles.map((r) => r.key),
        log.events,
      );
      return { ...frame, events: log.events, annotations, figures };
    },

    /** The facilitator's notes and flags (annotations.service.ts). */
    annotations: notes,

    async tickObjective(exerciseId: string, roleKey: string, objectiveId: string, met: boolean): Promise<void> {
      await db.$transaction(async (tx) => {
        const row = await tx.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { settings: true } });
        const settings = objectiveSettingsSchema.parse(JSON.parse(row.settings || "{}"));
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
