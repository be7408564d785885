// The debrief's data for one viewer, computed on the server from the exercise log with
// the same visibility rule as live delivery: a participant gets exactly what their role
// saw, plus backchannels the facilitator declassified and the annotations they may see.
import type { EventDto } from "../../lib/contract/events";
import type { Scenario } from "../../lib/scenario/scenario.schema";
import { decide, roleOf, type Actor } from "../domain/authorization";
import { computeFigures, type DebriefFigures } from "../domain/debrief-figures";
import type { ChannelWindow, Viewer } from "../domain/exercise-log";
import type { Db } from "../db/client";
import { parseScenario } from "../exercises/exercise.service";
import { toDto } from "../rooms/room.service";
import type { Services } from "../services";
import { z } from "zod";

export type Perspective = { kind: "facilitator" } | { kind: "role"; roleKey: string } | { kind: "observer" };

export interface ReplayChannel {
  id: string;
  kind: string;
  name: string;
  declassified: boolean;
}

export interface ReplayAnnotation {
  id: string;
  targetSeq: number | null;
  at: string | null;
  body: string;
  visibleToParticipants: boolean;
  createdAt: string;
}

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

export function createReplayService(db: Db, services: Services) {
  return {
    /** `asRole` lets the facilitator see the replay exactly as one role saw it. */
    async build(actor: Actor, exerciseId: string, asRole?: string): Promise<ReplayData | null> {
      const exercise = await db.exercise.findUnique({ where: { id: exerciseId }, include: { scenario: true, channels: true } });
      if (!exercise) return null;
      const scenario: Scenario = parseScenario(exercise.scenario.definition);
      const staff = decide(actor, "exercise:oversee").allowed;
      const ownRole = roleOf(actor);
      const perspective: Perspective =
        staff && !asRole ? { kind: "facilitator" } : staff && asRole ? { kind: "role", roleKey: asRole } : ownRole ? { kind: "role", roleKey: ownRole } : { kind: "observer" };
      if (perspective.kind === "role" && !scenario.roles.some((r) => r.key === perspective.roleKey)) return null;

      const declassified = exercise.channels.filter((c) => c.declassifiedAt !== null).map((c) => c.id);
      const publicIds = exercise.channels.filter((c) => c.kind === "plenary" || c.kind === "announcements").map((c) => c.id);
      let windows: ChannelWindow[] = [];
      let viewer: Viewer;
      if (perspective.kind === "facilitator") viewer = { kind: "staff" };
      else {
        windows =
          perspective.kind === "role" ? await services.channels.windowsFor(exerciseId, perspective.roleKey) : publicIds.map((channelId) => ({ channelId, fromSeq: 0 }));
        const extra = declassified.map((channelId) => ({ channelId, fromSeq: 0 }));
        viewer = { kind: "role", roleKey: perspective.kind === "role" ? perspective.roleKey : "", channelWindows: [...windows, ...extra] };
      }
      const events = (await services.log.after(exerciseId, 0, viewer, 1_000_000)).map(toDto);
      const visibleSeqs = new Set(events.map((e) => e.seq));
      const known = new Set([...windows.map((w) => w.channelId), ...declassified]);
      const channels = exercise.channels
        .filter((c) => perspective.kind === "facilitator" || known.has(c.id))
        .map((c) => ({ id: c.id, kind: c.kind, name: c.name, declassified: c.declassifiedAt !== null }));

      const annotationRows = await db.annotation.findMany({ where: { exerciseId }, orderBy: { createdAt: "asc" } });
      const annotations = annotationRows
        .filter((a) => perspective.kind === "facilitator" || (a.visibleToParticipants && (a.targetSeq === null || visibleSeqs.has(a.targetSeq))))
        .map((a) => ({
          id: a.id,
          targetSeq: a.targetSeq,
          at: a.atTime?.toISOString() ?? null,
          body: a.body,
          visibleToParticipants: a.visibleToParticipants,
          createdAt: a.createdAt.toISOString(),
        }));

      const roles = scenario.roles.map((r) => ({ key: r.key, name: r.name }));
      const figures = computeFigures(events, channels, roles.map((r) => r.key), scenario.phases.map((p) => p.title));
      const settings = settingsSchema.parse(JSON.parse(exercise.settings || "{}"));
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
              objectives: scenario.roles.map((r) => ({
                roleKey: r.key,
                items: r.objectives.map((o) => ({ id: o.id, text: o.text, met: settings.objectivesMet[r.key]?.includes(o.id) ?? false })),
              })),
            }
          : {}),
        debriefQuestions: scenario.debrief.questions,
      };
    },

    async declassify(actor: Actor, exerciseId: string, channelId: string, on: boolean): Promise<"ok" | "not_found"> {
      const channel = await db.channel.findFirst({ where: { id: channelId, exerciseId, kind: "backchannel" } });
      if (!channel) return "not_found";
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

    async annotate(actor: Actor, exerciseId: string, input: { targetSeq?: number; at?: string; body: string; visibleToParticipants: boolean }) {
      return db.annotation.create({
        data: {
          exerciseId,
          authorUserId: actor.userId,
          targetSeq: input.targetSeq ?? null,
          atTime: input.at ? new Date(input.at) : null,
          body: input.body,
          visibleToParticipants: input.visibleToParticipants,
        },
      });
    },

    async setAnnotationVisibility(exerciseId: string, annotationId: string, visible: boolean): Promise<boolean> {
      const { count } = await db.annotation.updateMany({ where: { id: annotationId, exerciseId }, data: { visibleToParticipants: visible } });
      return count > 0;
    },

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
