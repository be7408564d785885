// A big debrief is read by position, not whole: every event's head (number, type, time,
// visibility; no payload) is held per process, cut to each reader with the visibility rule
// itself (`canSee`), and from that cut come the outline of the timeline and which events a
// page holds. Only the chosen events are then read with their payloads.
import type { ReplayOutline } from "../../lib/replay/replay-query";
import { OUTLINE_BUCKETS } from "../../lib/replay/replay-query";
import { canSee, type Viewer } from "../domain/visibility";
import type { EventHead, ExerciseLogRepository } from "../storage/exercise-log.repository";
import { createHeldLog, type LogPosition } from "./held-log";

export interface HeadCache {
  /** The heads `viewer` may see, in order, as of `at.lastSeq`. */
  visibleTo(exerciseId: string, viewer: Viewer, at: LogPosition): Promise<EventHead[]>;
}

/** `maxHeads`: about 60 bytes each once their visibilities and types are shared (500,000: five 100,000-event debriefs). */
export function createHeadCache(log: Pick<ExerciseLogRepository, "headsAfter">, maxHeads = 500_000): HeadCache {
  // The heads of one read share their few distinct visibilities and type names
  // (`headsAfter` shares them), so each holds little more than its number and time.
  const held = createHeldLog<EventHead>((exerciseId, afterSeq) => log.headsAfter(exerciseId, afterSeq), maxHeads);
  return {
    async visibleTo(exerciseId, viewer, at) {
      const visible: EventHead[] = [];
      for (const h of await held.read(exerciseId, at)) {
        if (h.seq > at.lastSeq) break;
        if (canSee(viewer, h)) visible.push(h);
      }
      return visible;
    },
  };
}

const isMessage = (h: EventHead): boolean => h.type === "message.sent";
const channelOf = (h: EventHead): string | undefined => (h.visibility.kind === "channel" ? h.visibility.channelId : undefined);

/** The reader's timeline in brief: totals, and each listed channel's messages per time slice. */
export function outlineOf(visible: readonly EventHead[], channelIds: readonly string[]): ReplayOutline {
  const first = visible[0]?.at ?? null;
  const last = visible.at(-1)?.at ?? null;
  const span = Math.max(1, (last ?? 0) - (first ?? 0));
  const byChannel = new Map(channelIds.map((id) => [id, { channelId: id, messages: 0, counts: new Array<number>(OUTLINE_BUCKETS).fill(0) }]));
  let messages = 0;
  for (const h of visible) {
    if (!isMessage(h)) continue;
    messages++;
    const row = byChannel.get(channelOf(h) ?? "");
    if (!row) continue;
    row.messages++;
    const b = Math.min(OUTLINE_BUCKETS - 1, Math.max(0, Math.floor(((h.at - (first ?? 0)) / span) * OUTLINE_BUCKETS)));
    row.counts[b]!++;
  }
  return { events: visible.length, messages, first, last, channels: [...byChannel.values()].filter((c) => c.messages > 0) };
}

export interface PageChoice {
  seqs: number[];
  from: number;
  untilAt: number | null;
}

/** Which messages of a channel a page holds: the last `limit` at or before `at` (or before `before`, or at the end). */
export function choosePage(visible: readonly EventHead[], channelId: string, where: { at?: number; before?: number; limit: number }): PageChoice {
  const candidates: number[] = [];
  for (const h of visible) {
    if (where.at !== undefined && h.at > where.at) break;
    if (where.before !== undefined && h.seq >= where.before) break;
    if (isMessage(h) && channelOf(h) === channelId) candidates.push(h.seq);
  }
  const seqs = candidates.slice(-where.limit);
  return { seqs, from: seqs.length === candidates.length ? 0 : seqs[0]!, untilAt: where.at ?? null };
}
