// A big debrief is read by position, not whole: from the heads a reader may see (number,
// type, time, visibility; no payload; storage's visible-log.ts cuts them with the one rule)
// come the outline of the timeline and which events a page holds. Only the chosen events
// are then read with their payloads.
import type { ReplayOutline } from "../../lib/replay/replay-query";
import { OUTLINE_BUCKETS } from "../../lib/replay/replay-query";
import type { EventHead } from "../storage/visible-log";

const isMessage = (h: EventHead): boolean => h.type === "message.sent";
const channelOf = (h: EventHead): string | undefined => (h.visibility.kind === "channel" ? h.visibility.channelId : undefined);

/** The reader's timeline in brief: totals, and each listed channel's messages per time slice. */
export function outlineOf(visible: readonly EventHead[], channelIds: readonly string[]): ReplayOutline {
  const first = visible[0]?.at ?? null;
  const last = visible.at(-1)?.at ?? null;
  const span = Math.max(1, (last ?? 0) - (first ?? 0));
  const byChannel = new Map(
    channelIds.map((id) => [id, { channelId: id, messages: 0, counts: new Array<number>(OUTLINE_BUCKETS).fill(0) }]),
  );
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
export function choosePage(
  visible: readonly EventHead[],
  channelId: string,
  where: { at?: number; before?: number; limit: number },
): PageChoice {
  const candidates: number[] = [];
  for (const h of visible) {
    if (where.at !== undefined && h.at > where.at) break;
    if (where.before !== undefined && h.seq >= where.before) break;
    if (isMessage(h) && channelOf(h) === channelId) candidates.push(h.seq);
  }
  const seqs = candidates.slice(-where.limit);
  return { seqs, from: seqs.length === candidates.length ? 0 : seqs[0]!, untilAt: where.at ?? null };
}
