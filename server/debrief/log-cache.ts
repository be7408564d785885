// The debrief's read of a log: every event of an exercise parsed once per process and kept,
// then cut to each reader with the visibility rule itself (`canSee`), so twenty people
// opening one debrief parse the log once, not twenty times. The log is append-only: a
// newer `lastSeq` (from the exercise row, so other nodes' appends count) reads only the
// rows after the last one held; a newer `logRevision` (erasure rewrote rows in place)
// reads everything again. Only the most recently read exercises are kept.
import type { EventDto } from "../../lib/contract/events";
import { canSee, type Viewer } from "../domain/visibility";
import type { LoggedEvent } from "../domain/exercise-log";
import type { ExerciseLogRepository } from "../storage/exercise-log.repository";
import { toDto } from "../rooms/room-core";

interface Held {
  revision: number;
  lastSeq: number;
  events: LoggedEvent[];
  /** Each event as viewers receive it (the same for every viewer allowed to see it). */
  dtos: EventDto[];
}

export interface LogCache {
  /** The events `viewer` may see, in order, as of `lastSeq` (both read from the exercise row by the caller). */
  visibleTo(exerciseId: string, viewer: Viewer, at: { lastSeq: number; revision: number }): Promise<EventDto[]>;
}

/** `maxEvents`: events held over all exercises before the least recently read are dropped (50,000: five 10,000-event debriefs; about 9 MB per 10,000 short messages, measured with parsed events and their DTOs). */
export function createLogCache(log: Pick<ExerciseLogRepository, "everyEventAfter">, maxEvents = 50_000): LogCache {
  const held = new Map<string, Held>();
  // One read at a time per exercise: concurrent readers wait for it rather than repeat it.
  const reading = new Map<string, Promise<Held>>();

  async function refresh(exerciseId: string, at: { lastSeq: number; revision: number }): Promise<Held> {
    let entry = held.get(exerciseId);
    // A caller that read the exercise row before a newer reader keeps the newer entry (and is
    // cut to its own lastSeq below); a newer revision means rows were rewritten: read afresh.
    if (!entry || at.revision > entry.revision) entry = { revision: at.revision, lastSeq: 0, events: [], dtos: [] };
    if (entry.lastSeq < at.lastSeq) {
      const more = await log.everyEventAfter(exerciseId, entry.lastSeq);
      for (const e of more) {
        entry.events.push(e);
        entry.dtos.push(toDto(e));
      }
      entry.lastSeq = Math.max(at.lastSeq, entry.events.at(-1)?.seq ?? 0);
    }
    // Most recently read last; drop from the front past the budget (never the one just read).
    held.delete(exerciseId);
    held.set(exerciseId, entry);
    let total = [...held.values()].reduce((n, h) => n + h.events.length, 0);
    for (const [id, h] of held) {
      if (total <= maxEvents || id === exerciseId) break;
      held.delete(id);
      total -= h.events.length;
    }
    return entry;
  }

  return {
    async visibleTo(exerciseId, viewer, at) {
      const before = reading.get(exerciseId) ?? Promise.resolve(undefined);
      const read = before.catch(() => undefined).then(() => refresh(exerciseId, at));
      reading.set(exerciseId, read);
      void read.finally(() => reading.get(exerciseId) === read && reading.delete(exerciseId)).catch(() => undefined);
      const entry = await read;
      const visible: EventDto[] = [];
      for (let i = 0; i < entry.events.length; i++) {
        const e = entry.events[i]!;
        // Events appended after the caller read `lastSeq` wait for its next read.
        if (e.seq > at.lastSeq) break;
        if (canSee(viewer, e)) visible.push(entry.dtos[i]!);
      }
      return visible;
    },
  };
}
