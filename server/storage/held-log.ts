// What the debrief keeps of an exercise's log per process, whatever form it keeps it in
// (parsed events, their heads): read once, then only the rows after the last one held. The
// log is append-only: a newer `lastSeq` (from the exercise row, so other nodes' appends
// count) reads only what follows; a newer `logRevision` (erasure rewrote rows in place)
// reads everything again. Only the most recently read exercises are kept.

export interface LogPosition {
  lastSeq: number;
  revision: number;
}

export interface HeldLog<T extends { seq: number }> {
  /** Every item held for the exercise, in order; items past `at.lastSeq` may follow (callers stop at it). */
  read(exerciseId: string, at: LogPosition): Promise<readonly T[]>;
}

interface Entry<T> {
  revision: number;
  lastSeq: number;
  items: T[];
}

/**
 * `maxItems`: items held over all exercises before the least recently read are dropped. An
 * exercise larger than that on its own is answered but not kept (the next read reads it
 * again): the budget bounds the memory whatever the size of a log.
 */
export function createHeldLog<T extends { seq: number }>(
  readAfter: (exerciseId: string, afterSeq: number) => Promise<T[]>,
  maxItems: number,
): HeldLog<T> {
  const held = new Map<string, Entry<T>>();
  // One read at a time per exercise: concurrent readers wait for it rather than repeat it.
  const reading = new Map<string, Promise<Entry<T>>>();

  async function refresh(exerciseId: string, at: LogPosition): Promise<Entry<T>> {
    let entry = held.get(exerciseId);
    // A caller that read the exercise row before a newer reader keeps the newer entry (and is
    // cut to its own lastSeq by the caller); a newer revision means rows were rewritten.
    if (!entry || at.revision > entry.revision) entry = { revision: at.revision, lastSeq: 0, items: [] };
    if (entry.lastSeq < at.lastSeq) {
      for (const item of await readAfter(exerciseId, entry.lastSeq)) entry.items.push(item);
      entry.lastSeq = Math.max(at.lastSeq, entry.items.at(-1)?.seq ?? 0);
    }
    // Most recently read last; drop from the front past the budget.
    held.delete(exerciseId);
    if (entry.items.length > maxItems) return entry;
    held.set(exerciseId, entry);
    let total = 0;
    for (const h of held.values()) total += h.items.length;
    for (const [id, h] of held) {
      if (total <= maxItems || id === exerciseId) break;
      held.delete(id);
      total -= h.items.length;
    }
    return entry;
  }

  return {
    async read(exerciseId, at) {
      const before = reading.get(exerciseId) ?? Promise.resolve(undefined);
      const read = before.catch(() => undefined).then(() => refresh(exerciseId, at));
      reading.set(exerciseId, read);
      void read.finally(() => reading.get(exerciseId) === read && reading.delete(exerciseId)).catch(() => undefined);
      return (await read).items;
    },
  };
}
