// An index over one viewer's replay events so that scrubbing is cheap: the state at a
// moment is found by binary search, and agreements are rebuilt from the nearest
// checkpoint rather than from the first event on every frame.
import type { EventDto } from "../contract/events";
import { applyAgreementEvent, type AgreementView } from "../agreements/agreement-state";

const CHECKPOINT_EVERY = 250;

export interface Marker {
  index: number;
  at: string;
  kind: "phase" | "inject" | "tabled" | "signed" | "status";
  label: string;
}

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
  return new Map([...map].map(([k, a]) => [k, { ...a, versions: [...a.versions], amendments: a.amendments.map((m) => ({ ...m })), signatures: [...a.signatures] }]));
}

export class ReplayIndex {
  readonly events: readonly EventDto[];
  readonly times: readonly number[];
  readonly markers: readonly Marker[];
  private readonly byChannel = new Map<string, number[]>();
  private readonly injectIdx: number[] = [];
  private readonly checkpoints: Map<string, AgreementView>[] = [];

  constructor(events: readonly EventDto[], announcementsChannel?: string) {
    this.events = [...events].sort((a, b) => a.seq - b.seq);
    this.times = this.events.map((e) => Date.parse(e.at));
    const markers: Marker[] = [];
    let agreements = new Map<string, AgreementView>();
    this.events.forEach((e, i) => {
      if (i % CHECKPOINT_EVERY === 0) this.checkpoints.push(cloneAgreements(agreements));
      applyAgreementEvent(agreements, e);
      const channel = e.type === "message.sent" ? e.channelId : e.type === "announcement.sent" ? announcementsChannel : undefined;
      if (channel) (this.byChannel.get(channel) ?? this.byChannel.set(channel, []).get(channel)!).push(i);
      const p = (e.payload ?? {}) as Record<string, unknown>;
      if (e.type === "inject.released") {
        this.injectIdx.push(i);
        markers.push({ index: i, at: e.at, kind: "inject", label: `Inject: ${String(p.title ?? "")}` });
      } else if (e.type === "exercise.phase") markers.push({ index: i, at: e.at, kind: "phase", label: `Phase: ${String(p.title ?? "")}` });
      else if (e.type === "exercise.status") markers.push({ index: i, at: e.at, kind: "status", label: `Exercise ${String(p.to ?? "")}` });
      else if (e.type === "agreement.tabled") markers.push({ index: i, at: e.at, kind: "tabled", label: `Tabled: ${String(p.title ?? "")}` });
      else if (e.type === "agreement.signed") markers.push({ index: i, at: e.at, kind: "signed", label: `Signed by ${String(p.roleKey ?? "")}` });
    });
    agreements = new Map();
    this.markers = markers;
  }

  get length(): number {
    return this.events.length;
  }

  /** How many events had happened by time `t` (epoch ms). */
  countAt(t: number): number {
    return upperBound(this.times, t);
  }

  /** Messages of a channel among the first `count` events. */
  messages(channelId: string, count: number): EventDto[] {
    const idx = this.byChannel.get(channelId) ?? [];
    return idx.slice(0, upperBound(idx, count - 1)).map((i) => this.events[i]!);
  }

  injects(count: number): EventDto[] {
    return this.injectIdx.slice(0, upperBound(this.injectIdx, count - 1)).map((i) => this.events[i]!);
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
