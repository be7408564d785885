// The exercise log's rules: what an event is and who may see it. Plain TypeScript, no
// storage or transport, so live delivery, catch-up and replay all share one rule.
import { z } from "zod";

export const visibilitySchema = z.discriminatedUnion("kind", [
  // Everyone seated in the exercise.
  z.object({ kind: z.literal("exercise") }),
  // Members of one channel at the event's sequence number.
  z.object({ kind: z.literal("channel"), channelId: z.string().min(1) }),
  // The listed roles only (targeted injects, announcements to chosen roles).
  z.object({ kind: z.literal("roles"), roles: z.array(z.string().min(1)).min(1) }),
  // Facilitators only (oversight, audit-relevant actions).
  z.object({ kind: z.literal("staff") }),
]);
export type Visibility = z.infer<typeof visibilitySchema>;

export const idempotencyKeySchema = z.string().min(8).max(128);

export interface EventActor {
  userId?: string;
  roleKey?: string;
}

export interface NewEvent {
  exerciseId: string;
  type: string;
  actor: EventActor;
  visibility: Visibility;
  payload: unknown;
  /** Client-originated events carry one; the same key twice records one event. */
  idempotencyKey?: string;
}

export interface LoggedEvent {
  exerciseId: string;
  seq: number;
  type: string;
  actor: EventActor;
  visibility: Visibility;
  payload: unknown;
  idempotencyKey?: string;
  createdAt: Date;
}

/** A half-open window [fromSeq, untilSeq) during which a role belonged to a channel. */
export interface ChannelWindow {
  channelId: string;
  fromSeq: number;
  untilSeq?: number;
}

export type Viewer =
  // Staff see everything, except channels listed as hidden (backchannels they have not opened).
  | { kind: "staff"; hiddenChannels?: readonly string[] }
  | { kind: "role"; roleKey: string; channelWindows: readonly ChannelWindow[] };

export function inWindow(seq: number, window: ChannelWindow): boolean {
  return seq >= window.fromSeq && (window.untilSeq === undefined || seq < window.untilSeq);
}

/** The one rule deciding whether a viewer may see an event. */
export function canSee(viewer: Viewer, event: Pick<LoggedEvent, "seq" | "visibility">): boolean {
  const v = event.visibility;
  if (viewer.kind === "staff") return !(v.kind === "channel" && viewer.hiddenChannels?.includes(v.channelId));
  switch (v.kind) {
    case "exercise":
      return true;
    case "roles":
      return v.roles.includes(viewer.roleKey);
    case "channel":
      return viewer.channelWindows.some((w) => w.channelId === v.channelId && inWindow(event.seq, w));
    case "staff":
      return false;
  }
}
