// THE rule: who may see which event of an exercise's log. A `Viewer` describes one
// person looking (a participant of a role, staff, an observer, someone without a role
// yet); `grantsOf` reduces it to what it is granted; `canSee` answers for one event from
// those grants, and storage compiles the same grants into its SQL filter
// (server/storage/visible-to.ts). Live fan-out, catch-up, oversight, replay, exports,
// search, figures, typing, assessments: every path builds a viewer and asks here.
// Plain TypeScript: no storage, no transport.
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

/** A half-open window [fromSeq, untilSeq) during which a viewer may read a channel. */
export interface ChannelWindow {
  channelId: string;
  fromSeq: number;
  untilSeq?: number;
}

export type Viewer =
  /** Facilitators and admins: everything but the backchannels they have not opened. */
  | { kind: "staff"; hiddenChannels?: readonly string[] }
  /** A participant playing a role: what is addressed to the role, and its channels while it was in them. */
  | { kind: "participant"; roleKey: string; channelWindows: readonly ChannelWindow[] }
  /** An observer: the public channels, and backchannels they opened while allowed. */
  | { kind: "observer"; channelWindows: readonly ChannelWindow[] }
  /** A participant who has no role yet: the public channels only. */
  | { kind: "unassigned"; channelWindows: readonly ChannelWindow[] };

/**
 * What a viewer is granted, in the terms events are addressed in: the one description
 * both `canSee` and the SQL filter are derived from.
 */
export interface Grants {
  exercise: boolean;
  staff: boolean;
  /** Events addressed to roles: all of them, or those naming one of these. */
  roles: "all" | readonly string[];
  /** Channel events: every channel but some, or these windows only. */
  channels: { all: true; except: readonly string[] } | { all: false; windows: readonly ChannelWindow[] };
}

export interface Visible {
  seq: number;
  visibility: Visibility;
}

const grantCache = new WeakMap<Viewer, Grants>();

export function grantsOf(viewer: Viewer): Grants {
  const cached = grantCache.get(viewer);
  if (cached) return cached;
  const grants: Grants =
    viewer.kind === "staff"
      ? { exercise: true, staff: true, roles: "all", channels: { all: true, except: viewer.hiddenChannels ?? [] } }
      : {
          exercise: true,
          staff: false,
          roles: viewer.kind === "participant" ? [viewer.roleKey] : [],
          channels: { all: false, windows: viewer.channelWindows },
        };
  grantCache.set(viewer, grants);
  return grants;
}

export function inWindow(seq: number, window: ChannelWindow): boolean {
  return seq >= window.fromSeq && (window.untilSeq === undefined || seq < window.untilSeq);
}

/** The one rule deciding whether a viewer may see an event. */
export function canSee(viewer: Viewer, event: Visible): boolean {
  const grants = grantsOf(viewer);
  const v = event.visibility;
  switch (v.kind) {
    case "exercise":
      return grants.exercise;
    case "staff":
      return grants.staff;
    case "roles":
      return grants.roles === "all" || v.roles.some((role) => grants.roles.includes(role));
    case "channel": {
      const channels = grants.channels;
      if (channels.all) return !channels.except.includes(v.channelId);
      return channels.windows.some((w) => w.channelId === v.channelId && inWindow(event.seq, w));
    }
  }
}
