// What the debrief sends, and the frame every form of it shares (the exercise, roles,
// phases, objectives and questions): the whole replay (exports), and the screen of a paged
// one (replay-pages.ts). Types only and pure functions: the browser imports the types.
import { z } from "zod";
import type { EventDto } from "../../lib/contract/events";
import type { MessagePage, ReplayOutline } from "../../lib/replay/replay-query";
import type { Scenario } from "../../lib/scenario/scenario.schema";
import type { DebriefFigures } from "../domain/debrief-figures";
import type { Perspective, Viewer } from "../domain/visibility";
import type { ReplayAnnotation } from "./annotations.service";

export type { ReplayAnnotation } from "./annotations.service";

export interface ReplayChannel {
  id: string;
  kind: string;
  name: string;
  declassified: boolean;
  /** A backchannel this reader has not opened, while the exercise runs (opening it is audited). */
  sealed: boolean;
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

/**
 * The debrief's first answer (`GET …/replay`). `complete`: `events` is the reader's whole
 * log and `figures` are computed. Otherwise `events` is every event the reader may see but
 * messages (the state at any moment), plus the first message of each backchannel and every
 * message a note is pinned to; `page` holds the messages of one channel at the moment asked;
 * `figures` is null (asked for with `part=figures`).
 */
export interface ReplayScreen extends Omit<ReplayData, "figures"> {
  figures: DebriefFigures | null;
  complete: boolean;
  outline: ReplayOutline;
  page: MessagePage | null;
  /** A full view's opening (its audit entry): later parts name it. */
  opening?: string;
}

/** One reader's view of an exercise, as `viewOf` decided it (replay.service.ts). */
export interface DebriefView {
  exercise: { id: string; title: string; status: string; lastSeq: number; logRevision: number; settings: string };
  scenario: Scenario;
  perspective: Perspective;
  channels: ReplayChannel[];
  viewer: Viewer;
  opening?: string;
}

export const objectiveSettingsSchema = z.object({ objectivesMet: z.record(z.string(), z.array(z.string())).default({}) }).passthrough();

/** A role's objectives and whether the facilitator ticked each as met. */
export function objectivesOf(scenario: Scenario, settingsJson: string, roleKey: string): { id: string; text: string; met: boolean }[] {
  const met = objectiveSettingsSchema.parse(JSON.parse(settingsJson || "{}")).objectivesMet[roleKey] ?? [];
  return (scenario.roles.find((r) => r.key === roleKey)?.objectives ?? []).map((o) => ({
    id: o.id,
    text: o.text,
    met: met.includes(o.id),
  }));
}

/** Everything of a replay but its events, notes and figures. */
export function replayFrame(view: DebriefView) {
  const { exercise, scenario, perspective, channels } = view;
  return {
    exercise: { id: exercise.id, title: exercise.title, status: exercise.status, scenarioTitle: scenario.title },
    perspective,
    roles: scenario.roles.map((r) => ({ key: r.key, name: r.name })),
    phases: scenario.phases.map((p) => ({ key: p.key, title: p.title, minutes: p.minutes })),
    channels,
    ...(perspective.kind === "facilitator"
      ? { objectives: scenario.roles.map((r) => ({ roleKey: r.key, items: objectivesOf(scenario, exercise.settings, r.key) })) }
      : {}),
    debriefQuestions: scenario.debrief.questions,
  };
}
