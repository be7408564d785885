// The debrief's reads of a whole log, always through the one rule: every event (or every
// event's head: number, type, time, visibility) of an exercise is read once per process
// and held (held-log.ts), then cut to each reader with `canSee`, so twenty people opening
// one debrief read the log once, not twenty times. A page's events are read by number
// and cut the same way. Nothing here answers without a viewer.
import type { EventDto } from "../../lib/contract/events";
import { canSee, type Viewer } from "../domain/viewer";
import { toDto, type LoggedEvent } from "../domain/exercise-log";
import { createHeldLog, type LogPosition } from "./held-log";

export type { LogPosition } from "./held-log";

/** What the rule and a timeline need of an event: everything but its payload. */
export interface EventHead {
  seq: number;
  type: string;
  /** Epoch ms. */
  at: number;
  visibility: LoggedEvent["visibility"];
}

/** The unfiltered reads the log repository keeps to itself and hands only to this module. */
export interface RawLogReads {
  everyEventAfter(exerciseId: string, afterSeq: number): Promise<LoggedEvent[]>;
  headsAfter(exerciseId: string, afterSeq: number): Promise<EventHead[]>;
  eventsAt(exerciseId: string, seqs: readonly number[]): Promise<LoggedEvent[]>;
}

export interface VisibleLog {
  /** The events `viewer` may see, in order, as of `at.lastSeq` (both read from the exercise row by the caller). */
  events(exerciseId: string, viewer: Viewer, at: LogPosition): Promise<EventDto[]>;
  /** The heads `viewer` may see, in order, as of `at.lastSeq`. */
  heads(exerciseId: string, viewer: Viewer, at: LogPosition): Promise<EventHead[]>;
  /** The events with these numbers that `viewer` may see, up to `lastSeq`, in order. */
  eventsAt(exerciseId: string, seqs: readonly number[], viewer: Viewer, lastSeq: number): Promise<EventDto[]>;
}

interface Held {
  seq: number;
  event: LoggedEvent;
  /** The event as readers receive it (the same for every reader allowed to see it). */
  dto: EventDto;
}

export interface VisibleLogBudget {
  /** Parsed events held over all exercises (50,000: five 10,000-event debriefs; about 9 MB per 10,000 short messages, measured with parsed events and their DTOs). */
  maxEvents?: number;
  /** Heads held (about 60 bytes each once their visibilities and types are shared; 500,000: five 100,000-event debriefs). */
  maxHeads?: number;
}

export function createVisibleLog(raw: RawLogReads, budget: VisibleLogBudget = {}): VisibleLog {
  const events = createHeldLog<Held>(
    async (exerciseId, afterSeq) =>
      (await raw.everyEventAfter(exerciseId, afterSeq)).map((event) => ({ seq: event.seq, event, dto: toDto(event) })),
    budget.maxEvents ?? 50_000,
  );
  // The heads of one read share their few distinct visibilities and type names
  // (`headsAfter` shares them), so each holds little more than its number and time.
  const heads = createHeldLog<EventHead>((exerciseId, afterSeq) => raw.headsAfter(exerciseId, afterSeq), budget.maxHeads ?? 500_000);
  return {
    async events(exerciseId, viewer, at) {
      const visible: EventDto[] = [];
      for (const h of await events.read(exerciseId, at)) {
        // Events appended after the caller read `lastSeq` wait for its next read.
        if (h.seq > at.lastSeq) break;
        if (canSee(viewer, h.event)) visible.push(h.dto);
      }
      return visible;
    },
    async heads(exerciseId, viewer, at) {
      const visible: EventHead[] = [];
      for (const h of await heads.read(exerciseId, at)) {
        if (h.seq > at.lastSeq) break;
        if (canSee(viewer, h)) visible.push(h);
      }
      return visible;
    },
    async eventsAt(exerciseId, seqs, viewer, lastSeq) {
      return (await raw.eventsAt(exerciseId, seqs)).filter((e) => e.seq <= lastSeq && canSee(viewer, e)).map(toDto);
    },
  };
}
