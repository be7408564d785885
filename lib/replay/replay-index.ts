// An index over one viewer's replay events so that scrubbing is cheap: the state at a
// moment is found by binary search, and agreements are rebuilt from the nearest
// checkpoint rather than from the first event on every frame.
import type { EventDto } from "../contract/events";
import { applyAgreementEvent, type AgreementView } from "../agreements/agreement-state";

const CHECKPOINT_EVERY = 250;

/** What a channel's conversation shows (announcements are shown in the announcements channel). */
export type ChannelMessage = Extract<EventDto, { type: "message.sent" | "announcement.sent" }>;
export type InjectEvent = Extract<EventDto, { type: "inject.released" }>;

function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cloneAgreements(map: Map<string, AgreementView>): Map<string, AgreementView> {
  return new Map(
    [...map].map(([k, a]) => [
      k,
      {
        ...a,
        versions: [...a.versions],
        amendments: a.amendments.map((m) => ({ ...m })),
        signatures: [...a.signatures],
        votes: [...a.votes],
      },
    ]),
  );
}

export class ReplayIndex {
  readonly events: readonly EventDto[];
  readonly times: readonly number[];
  private readonly byChannel = new Map<string, number[]>();
  private readonly injectIdx: number[] = [];
  private readonly checkpoints: Map<string, AgreementView>[] = [];

  constructor(events: readonly EventDto[], announcementsChannel?: string) {
    this.events = [...events].sort((a, b) => a.seq - b.seq);
    this.times = this.events.map((e) => Date.parse(e.at));
    let agreements = new Map<string, AgreementView>();
    this.events.forEach((e, i) => {
      if (i % CHECKPOINT_EVERY === 0) this.checkpoints.push(cloneAgreements(agreements));
      applyAgreementEvent(agreements, e);
      const channel = e.type === "message.sent" ? e.channelId : e.type === "announcement.sent" ? announcementsChannel : undefined;
      if (channel) (this.byChannel.get(channel) ?? this.byChannel.set(channel, []).get(channel)!).push(i);
      if (e.type === "inject.released") this.injectIdx.push(i);
    });
    agreements = new Map();
  }

  get length(): number {
    return this.events.length;
  }

  /** How many events had happened by time `t` (epoch ms). */
  countAt(t: number): number {
    return upperBound(this.times, t);
  }

  /** Messages of a channel among the first `count` events. */
  messages(channelId: string, count: number): ChannelMessage[] {
    const idx = this.byChannel.get(channelId) ?? [];
    return idx.slice(0, upperBound(idx, count - 1)).flatMap((i) => {
      const e = this.events[i]!;
      return e.type === "message.sent" || e.type === "announcement.sent" ? [e] : [];
    });
  }

  injects(count: number): InjectEvent[] {
    return this.injectIdx.slice(0, upperBound(this.injectIdx, count - 1)).flatMap((i) => {
      const e = this.events[i]!;
      return e.type === "inject.released" ? [e] : [];
    });
  }

  /** Agreements as they stood after the first `count` events. */
  agreementsAt(count: number): Map<string, AgreementView> {
    const c = Math.max(0, Math.min(count, this.events.length));
    const checkpoint = Math.min(Math.floor(c / CHECKPOINT_EVERY), this.checkpoints.length - 1);
    const state = cloneAgreements(this.checkpoints[Math.max(0, checkpoint)] ?? new Map());
    for (let i = Math.max(0, checkpoint) * CHECKPOINT_EVERY; i < c; i++) applyAgreementEvent(state, this.events[i]!);
    return state;
  }
}
