// The moments of an exercise worth jumping to in the debrief, each with a kind for the
// legend. Labels are left to the page (they are translated); a moment keeps its event so
// the label can name what happened.
import type { EventDto } from "../contract/events";
import { assertNever } from "../contract/log-events";

export const MOMENT_KINDS = ["phase", "status", "backchannel", "inject", "version", "tabled", "signed", "vote", "flagged"] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];

export interface KeyMoment {
  kind: MomentKind;
  /** Position in the index's events; the state at the moment includes this event. */
  index: number;
  time: number;
  event: EventDto;
  /** The first signature of the exercise (a moment the debrief names on its own). */
  first?: boolean;
  /** A moment the facilitator flagged as important (kind "flagged"): its notes' ids and first text. */
  flag?: { ids: string[]; body: string };
}

/** A note flagged as important, pinned to an event (targetSeq) or a moment (at). */
export interface FlagLike {
  id: string;
  targetSeq: number | null;
  at: string | null;
  body: string;
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
    case "agreement.vote-closed":
      return "vote";
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
    case "agreement.vote-opened":
    case "agreement.vote-cast":
      return null;
    default:
      return assertNever(e);
  }
}

/**
 * Key moments in order: every phase and status change, inject, agreement version, tabling
 * and signature, the first backchannel (its opening or, if the viewer only saw its talk,
 * its first message), and the moments flagged as important. `events` and `times` are a
 * ReplayIndex's.
 */
export function keyMoments(
  events: readonly EventDto[],
  times: readonly number[],
  channels: readonly ChannelKindOf[],
  flags: readonly FlagLike[] = [],
): KeyMoment[] {
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
  if (flags.length === 0) return moments;
  // Stable: at one time, the event's own moment comes before its flag.
  return [...moments, ...flaggedMoments(events, times, flags)].sort((a, b) => a.time - b.time);
}

/**
 * One moment per flagged event (or flagged moment in time), however many flags it has; its
 * text is the first flag's that has one. A flag on an event this replay lacks is left out.
 */
export function flaggedMoments(events: readonly EventDto[], times: readonly number[], flags: readonly FlagLike[]): KeyMoment[] {
  const indexOfSeq = new Map(events.map((e, i) => [e.seq, i]));
  const byPlace = new Map<string, KeyMoment & { flag: { ids: string[]; body: string } }>();
  for (const f of flags) {
    let index: number | undefined;
    let time: number | undefined;
    if (f.targetSeq !== null) {
      index = indexOfSeq.get(f.targetSeq);
      if (index !== undefined) time = times[index];
    } else if (f.at !== null) {
      time = Date.parse(f.at);
      // The state at the moment: the last event at or before it.
      index = lastAtOrBefore(times, time);
    }
    const event = index === undefined ? undefined : events[index];
    if (index === undefined || time === undefined || !event) continue;
    const place = f.targetSeq !== null ? `seq:${f.targetSeq}` : `at:${time}`;
    const known = byPlace.get(place);
    if (known) {
      known.flag.ids.push(f.id);
      if (!known.flag.body) known.flag.body = f.body;
    } else byPlace.set(place, { kind: "flagged", index, time, event, flag: { ids: [f.id], body: f.body } });
  }
  return [...byPlace.values()].sort((a, b) => a.time - b.time || a.index - b.index);
}

function lastAtOrBefore(times: readonly number[], time: number): number | undefined {
  for (let i = times.length - 1; i >= 0; i--) if (times[i]! <= time) return i;
  return undefined;
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
