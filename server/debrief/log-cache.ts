// The debrief's read of a log: every event of an exercise parsed once per process and kept
// (held-log.ts), then cut to each reader with the visibility rule itself (`canSee`), so
// twenty people opening one debrief parse the log once, not twenty times.
import type { EventDto } from "../../lib/contract/events";
import { canSee, type Viewer } from "../domain/visibility";
import type { LoggedEvent } from "../domain/exercise-log";
import type { ExerciseLogRepository } from "../storage/exercise-log.repository";
import { toDto } from "../rooms/room-core";
import { createHeldLog, type LogPosition } from "./held-log";

interface Held {
  seq: number;
  event: LoggedEvent;
  /** The event as viewers receive it (the same for every viewer allowed to see it). */
  dto: EventDto;
}

export interface LogCache {
  /** The events `viewer` may see, in order, as of `lastSeq` (both read from the exercise row by the caller). */
  visibleTo(exerciseId: string, viewer: Viewer, at: LogPosition): Promise<EventDto[]>;
}

/** Events read by `readAfter`, held and cut per reader. */
function cacheOf(readAfter: (exerciseId: string, afterSeq: number) => Promise<LoggedEvent[]>, maxEvents: number): LogCache {
  const held = createHeldLog<Held>(async (exerciseId, afterSeq) => (await readAfter(exerciseId, afterSeq)).map((event) => ({ seq: event.seq, event, dto: toDto(event) })), maxEvents);
  return {
    async visibleTo(exerciseId, viewer, at) {
      const visible: EventDto[] = [];
      for (const h of await held.read(exerciseId, at)) {
        // Events appended after the caller read `lastSeq` wait for its next read.
        if (h.seq > at.lastSeq) break;
        if (canSee(viewer, h.event)) visible.push(h.dto);
      }
      return visible;
    },
  };
}

/** `maxEvents`: events held over all exercises before the least recently read are dropped (50,000: five 10,000-event debriefs; about 9 MB per 10,000 short messages, measured with parsed events and their DTOs). */
export function createLogCache(log: Pick<ExerciseLogRepository, "everyEventAfter">, maxEvents = 50_000): LogCache {
  return cacheOf((exerciseId, afterSeq) => log.everyEventAfter(exerciseId, afterSeq), maxEvents);
}
