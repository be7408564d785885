// The moments of an exercise worth jumping to in the debrief, each with a kind for the
// legend. Labels are left to the page (they are translated); a moment keeps its event so
// the label can name what happened.
import type { EventDto } from "../contract/events";
import { assertNever } from "../contract/log-events";

export const MOMENT_KINDS = ["phase", "status", "backchannel", "inject", "version", "tabled", "signed"] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];

export interface KeyMoment {
  kind: MomentKind;
  /** Position in the index's events; the state at the moment includes this event. */
  index: number;
  time: number;
  event: EventDto;
  /** The first signature of the exercise (a moment the debrief names on its own). */
  first?: boolean;
}

export interface ChannelKindOf {
  id: string;
  kind: string;
}

/** Every event type is listed, so a new one must be placed here. */
function kindOf(e: EventDto, backchannels: ReadonlySet<string>): MomentKind | null {
  switch (e.type) {
    case "exercise.phase":
      return "phase";
    case "exercise.status":
      return "status";
    case "inject.released":
      return "inject";
    case "agreement.created":
    case "agreement.version":
      return "version";
    case "agreement.tabled":
      return "tabled";
    case "agreement.signed":
      return "signed";
    case "backchannel.requested":
    case "backchannel.convened":
      return "backchannel";
    case "message.sent":
      return e.channelId !== undefined && backchannels.has(e.channelId) ? "backchannel" : null;
    case "exercise.created":
    case "exercise.lobby-opened":
    case "exercise.join-code-rotated":
    case "exercise.extended":
    case "exercise.settings":
    case "role.assigned":
    case "roster.assigned":
    case "roster.removed":
    case "roster.readmitted":
    case "roster.observer-added":
    case "announcement.sent":
    case "backchannel.accepted":
    case "backchannel.declined":
    case "backchannel.left":
    case "oversight.opened":
    case "channel.declassified":
    case "channel.reclassified":
    case "agreement.amendment-proposed":
    case "agreement.amendment-decided":
    case "agreement.status":
      return null;
    default:
      return assertNever(e);
  }
}

/**
 * Key moments in order: every phase and status change, inject, agreement version, tabling
 * and signature, and the first backchannel (its opening or, if the viewer only saw its
 * talk, its first message). `events` and `times` are a ReplayIndex's.
 */
export function keyMoments(events: readonly EventDto[], times: readonly number[], channels: readonly ChannelKindOf[]): KeyMoment[] {
  const backchannels = new Set(channels.filter((c) => c.kind === "backchannel").map((c) => c.id));
  const moments: KeyMoment[] = [];
  let sawBackchannel = false;
  let sawSignature = false;
  events.forEach((event, index) => {
    const kind = kindOf(event, backchannels);
    if (!kind) return;
    if (kind === "backchannel") {
      if (sawBackchannel) return;
      sawBackchannel = true;
    }
    const first = kind === "signed" && !sawSignature;
    if (kind === "signed") sawSignature = true;
    moments.push({ kind, index, time: times[index] ?? Date.parse(event.at), event, ...(first ? { first } : {}) });
  });
  return moments;
}

/** The first moment after `time` (the state shown at `time` already includes its own moments). */
export function nextMoment(moments: readonly KeyMoment[], time: number): KeyMoment | null {
  return moments.find((m) => m.time > time) ?? null;
}

/** The last moment before `time`. */
export function prevMoment(moments: readonly KeyMoment[], time: number): KeyMoment | null {
  for (let i = moments.length - 1; i >= 0; i--) if (moments[i]!.time < time) return moments[i]!;
  return null;
}

/** The channel a moment happened in, if any (a backchannel's opening names it in its payload). */
export function channelOfMoment(m: KeyMoment): string | undefined {
  const e = m.event;
  return e.type === "backchannel.requested" || e.type === "backchannel.convened" ? e.payload.channelId : e.channelId;
}
