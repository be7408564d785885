// What the debrief draws under its slider, one row a track, every item placed by time so
// that the rows line up with the slider and with each other.
import type { EventDto } from "../contract/events";

export interface PhaseSpan {
  phaseIndex: number;
  title: string;
  start: number;
  /** When the next phase began or the exercise ended; the last event's time if it runs on. */
  end: number;
}

export interface TrackItem {
  seq: number;
  time: number;
  label: string;
}

export interface ChannelTrack {
  channelId: string;
  items: TrackItem[];
}

export interface AnnotationLike {
  id: string;
  targetSeq: number | null;
  at: string | null;
  body: string;
}

export interface ReplayTracks {
  phases: PhaseSpan[];
  /** One track per channel with something in it for this viewer, in the order given. */
  channels: ChannelTrack[];
  injects: TrackItem[];
  /** Drafts, versions and tablings. */
  versions: (TrackItem & { version: number; tabled: boolean })[];
  signatures: (TrackItem & { roleKey: string; version: number })[];
  /** Notes with text (a flag without text is drawn with the flagged moments, not here). */
  annotations: { id: string; time: number; label: string }[];
}

export interface TrackInput {
  events: readonly EventDto[];
  times: readonly number[];
  channels: readonly { id: string; kind: string }[];
  phases: readonly { title: string }[];
  annotations: readonly AnnotationLike[];
}

/** When an annotation applies: its event's time, or the moment it was pinned to. */
export function annotationTime(a: AnnotationLike, timeOfSeq: ReadonlyMap<number, number>): number | null {
  if (a.targetSeq !== null) return timeOfSeq.get(a.targetSeq) ?? null;
  return a.at !== null ? Date.parse(a.at) : null;
}

export function replayTracks({ events, times, channels, phases, annotations }: TrackInput): ReplayTracks {
  const announcements = channels.find((c) => c.kind === "announcements")?.id;
  const byChannel = new Map(channels.map((c) => [c.id, [] as TrackItem[]]));
  const spans: PhaseSpan[] = [];
  const injects: TrackItem[] = [];
  const versions: ReplayTracks["versions"] = [];
  const signatures: ReplayTracks["signatures"] = [];
  const timeOfSeq = new Map<number, number>();
  let open: Omit<PhaseSpan, "end"> | null = null;
  const close = (end: number) => {
    if (open) spans.push({ ...open, end });
    open = null;
  };
  const begin = (phaseIndex: number, time: number, title?: string) => {
    close(time);
    open = { phaseIndex, start: time, title: title ?? phases[phaseIndex]?.title ?? String(phaseIndex + 1) };
  };

  events.forEach((e, i) => {
    const time = times[i] ?? Date.parse(e.at);
    timeOfSeq.set(e.seq, time);
    switch (e.type) {
      case "exercise.status":
        if (e.payload.to === "ended") close(time);
        else if (e.payload.to === "running" && !open) begin(e.payload.phaseIndex, time);
        break;
      case "exercise.phase":
        begin(e.payload.to, time, e.payload.title);
        break;
      case "message.sent":
        if (e.channelId) byChannel.get(e.channelId)?.push({ seq: e.seq, time, label: `${e.payload.roleName}: ${e.payload.body}` });
        break;
      case "announcement.sent":
        if (announcements) byChannel.get(announcements)?.push({ seq: e.seq, time, label: e.payload.body });
        break;
      case "inject.released":
        injects.push({ seq: e.seq, time, label: e.payload.title });
        break;
      case "agreement.created":
      case "agreement.version":
      case "agreement.tabled":
        versions.push({ seq: e.seq, time, label: e.payload.title, version: e.payload.version, tabled: e.type === "agreement.tabled" });
        break;
      case "agreement.signed":
        signatures.push({ seq: e.seq, time, label: e.payload.title, version: e.payload.version, roleKey: e.payload.roleKey });
        break;
      default:
        break;
    }
  });
  close(times[times.length - 1] ?? 0);

  return {
    phases: spans,
    channels: channels.flatMap((c) => {
      const items = byChannel.get(c.id) ?? [];
      return items.length > 0 ? [{ channelId: c.id, items }] : [];
    }),
    injects,
    versions,
    signatures,
    annotations: annotations.flatMap((a) => {
      const time = a.body === "" ? null : annotationTime(a, timeOfSeq);
      return time === null ? [] : [{ id: a.id, time, label: a.body }];
    }),
  };
}

/**
 * Many messages in a narrow row: ticks grouped into `buckets` equal slices of the
 * exercise, each with how many it holds, so a row never draws thousands of elements.
 */
export function bucketed(
  items: readonly TrackItem[],
  start: number,
  duration: number,
  buckets: number,
): { time: number; count: number; first: TrackItem }[] {
  const out = new Map<number, { time: number; count: number; first: TrackItem }>();
  for (const item of items) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(((item.time - start) / Math.max(1, duration)) * buckets)));
    const slot = out.get(b);
    if (slot) slot.count++;
    else out.set(b, { time: item.time, count: 1, first: item });
  }
  return [...out.values()];
}
