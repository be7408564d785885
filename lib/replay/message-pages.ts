// The pages of messages a paged debrief holds, and what they cover: per channel, stretches
// of time in which every message the reader may see is loaded. The conversation at a moment
// shows only a covered stretch, so a page never passes for the whole channel; a moment no
// stretch covers is asked for (docs/protocol.md, "The debrief").
import type { EventDto } from "../contract/events";
import type { MessagePage } from "./replay-query";

/** Every message of the channel with seq >= from and time in [fromAt, untilAt] is loaded (untilAt null: to the end). */
export interface Covered {
  from: number;
  fromAt: number;
  untilAt: number | null;
}

export interface LoadedPages {
  messages: readonly EventDto[];
  covered: ReadonlyMap<string, readonly Covered[]>;
}

export const NO_PAGES: LoadedPages = { messages: [], covered: new Map() };

const until = (c: Covered) => c.untilAt ?? Infinity;

/** The pages held with one more; `before`: the page was asked for before that message (it extends the stretch starting there). */
export function addPage(loaded: LoadedPages, page: MessagePage, before?: number): LoadedPages {
  const bySeq = new Map(loaded.messages.map((m) => [m.seq, m]));
  for (const m of page.events) bySeq.set(m.seq, m);
  const first = page.events[0];
  const fromAt = page.from === 0 || !first ? -Infinity : Date.parse(first.at);
  const stretches = [...(loaded.covered.get(page.channelId) ?? [])];
  const extended = before !== undefined ? stretches.findIndex((c) => c.from === before) : -1;
  if (extended >= 0) stretches[extended] = { ...stretches[extended]!, from: page.from, fromAt };
  else if (before === undefined) stretches.push({ from: page.from, fromAt, untilAt: page.untilAt });
  // Overlapping stretches are one.
  stretches.sort((a, b) => a.fromAt - b.fromAt);
  const merged: Covered[] = [];
  for (const c of stretches) {
    const last = merged.at(-1);
    if (last && c.fromAt <= until(last))
      merged[merged.length - 1] = { ...last, untilAt: until(c) > until(last) ? c.untilAt : last.untilAt };
    else merged.push(c);
  }
  const covered = new Map(loaded.covered);
  covered.set(page.channelId, merged);
  return { messages: [...bySeq.values()].sort((a, b) => a.seq - b.seq), covered };
}

/** The stretch of a channel that covers the moment `time` (epoch ms; Infinity: the end), if one does. */
export function coverAt(loaded: LoadedPages, channelId: string, time: number): Covered | null {
  return loaded.covered.get(channelId)?.find((c) => c.fromAt <= time && time <= until(c)) ?? null;
}
