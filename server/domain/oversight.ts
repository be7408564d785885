// The oversight record: which staff and observers opened which backchannel (each
// opening audited), folded from the log so that every node and the debrief agree.
import { z } from "zod";
import type { Seat } from "./visibility";

export type OversightEntry =
  | { kind: "opened"; userId: string; channelId: string; as: "facilitator" | "observer" }
  /** Observers lose every opening when the facilitator stops allowing it. */
  | { kind: "observers-revoked" }
  /** One person's openings end (removed from the exercise; re-admission does not restore them). */
  | { kind: "person-revoked"; userId: string };

const opened = z.object({ channelId: z.string(), seat: z.enum(["facilitator", "observer"]) });
const settings = z.object({ observersSeeBackchannels: z.boolean().optional() });
const removed = z.object({ userId: z.string() });

/** Reads one stored event as an oversight entry; other events give null. */
export function oversightEntryFrom(type: string, actorUserId: string | null, payload: unknown): OversightEntry | null {
  if (type === "oversight.opened") {
    const p = opened.safeParse(payload);
    return p.success && actorUserId ? { kind: "opened", userId: actorUserId, channelId: p.data.channelId, as: p.data.seat } : null;
  }
  if (type === "exercise.settings") {
    const p = settings.safeParse(payload);
    return p.success && p.data.observersSeeBackchannels === false ? { kind: "observers-revoked" } : null;
  }
  if (type === "roster.removed") {
    const p = removed.safeParse(payload);
    return p.success ? { kind: "person-revoked", userId: p.data.userId } : null;
  }
  return null;
}

export type OverseerMap = Map<string, Map<string, "facilitator" | "observer">>;

/** Applies one entry to the map of openings (channel → person → capacity). */
export function applyOversight(map: OverseerMap, entry: OversightEntry): void {
  switch (entry.kind) {
    case "opened": {
      const readers = map.get(entry.channelId) ?? new Map<string, "facilitator" | "observer">();
      readers.set(entry.userId, entry.as);
      map.set(entry.channelId, readers);
      return;
    }
    case "observers-revoked":
      for (const readers of map.values()) for (const [userId, as] of readers) if (as === "observer") readers.delete(userId);
      return;
    case "person-revoked":
      for (const readers of map.values()) readers.delete(entry.userId);
      return;
  }
}

export function overseersFrom(entries: readonly OversightEntry[]): OverseerMap {
  const map: OverseerMap = new Map();
  for (const entry of entries) applyOversight(map, entry);
  return map;
}

/** The capacity an opening is recorded in, or null when the seat may not open backchannels. */
export function openerCapacity(seat: Seat, observersAllowed: boolean): "facilitator" | "observer" | null {
  if (seat.staff) return "facilitator";
  return seat.observer && observersAllowed ? "observer" : null;
}
