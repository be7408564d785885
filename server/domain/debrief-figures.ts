// Figures for the debrief, computed from the events one viewer may see (so a
// participant's figures never reveal what their role could not see).
import type { EventDto } from "../../lib/contract/events";

export interface Edge {
  from: string;
  to: string;
  plenary: number;
  backchannel: number;
}

export interface PhaseFigure {
  index: number;
  title: string;
  plannedMs: number | null;
  elapsedMs: number | null;
  overrunMs: number | null;
  messagesByRole: Record<string, number>;
}

export interface DebriefFigures {
  edges: Edge[];
  phases: PhaseFigure[];
  startedAt: string | null;
  msToFirstBackchannel: number | null;
  msToFirstTabling: number | null;
  msToSignature: number | null;
  messagesTotal: number;
}

interface ChannelInfo {
  kind: string;
  members: Set<string>;
}

export function computeFigures(
  events: readonly EventDto[],
  channels: readonly { id: string; kind: string }[],
  roles: readonly string[],
  phaseTitles: readonly string[],
): DebriefFigures {
  const info = new Map<string, ChannelInfo>(channels.map((c) => [c.id, { kind: c.kind, members: new Set(c.kind === "plenary" ? roles : []) }]));
  const edges = new Map<string, Edge>();
  const phases: PhaseFigure[] = phaseTitles.map((title, index) => ({ index, title, plannedMs: null, elapsedMs: null, overrunMs: null, messagesByRole: {} }));
  let phase = 0;
  let startedAt: number | null = null;
  let firstBackchannel: number | null = null;
  let firstTabling: number | null = null;
  let signature: number | null = null;
  let messagesTotal = 0;

  const since = (t: number | null) => (t === null || startedAt === null ? null : t - startedAt);
  const recordPhase = (left: { index: number; elapsedMs: number; plannedMs: number } | undefined) => {
    const figure = left ? phases[left.index] : undefined;
    if (!figure || !left) return;
    figure.elapsedMs = left.elapsedMs;
    figure.plannedMs = left.plannedMs;
    figure.overrunMs = Math.max(0, left.elapsedMs - left.plannedMs);
  };

  for (const e of events) {
    const t = Date.parse(e.at);
    switch (e.type) {
      case "exercise.status":
        phase = e.payload.phaseIndex;
        if (e.payload.to === "running" && startedAt === null) startedAt = t;
        if (e.payload.to === "ended") recordPhase(e.payload.leftPhase);
        break;
      case "exercise.phase":
        recordPhase(e.payload.leftPhase);
        phase = e.payload.to;
        break;
      case "backchannel.requested":
      case "backchannel.convened": {
        firstBackchannel ??= t;
        const p = e.payload;
        info.set(p.channelId, { kind: "backchannel", members: new Set(e.type === "backchannel.convened" ? p.roles : [p.requestedBy]) });
        break;
      }
      case "backchannel.accepted":
        info.get(e.payload.channelId)?.members.add(e.payload.roleKey);
        break;
      case "backchannel.left":
        info.get(e.payload.channelId)?.members.delete(e.payload.roleKey);
        break;
      case "agreement.tabled":
        firstTabling ??= t;
        break;
      case "agreement.status":
        if (e.payload.status === "signed") signature ??= t;
        break;
      case "message.sent": {
        messagesTotal++;
        const author = e.actor.roleKey;
        if (!author) break;
        const figure = phases[phase];
        if (figure) figure.messagesByRole[author] = (figure.messagesByRole[author] ?? 0) + 1;
        const channel = e.channelId ? info.get(e.channelId) : undefined;
        if (!channel || (channel.kind !== "plenary" && channel.kind !== "backchannel")) break;
        for (const other of channel.members) {
          if (other === author) continue;
          const key = `${author}→${other}`;
          const edge = edges.get(key) ?? { from: author, to: other, plenary: 0, backchannel: 0 };
          if (channel.kind === "plenary") edge.plenary++;
          else edge.backchannel++;
          edges.set(key, edge);
        }
        break;
      }
    }
  }
  return {
    edges: [...edges.values()],
    phases,
    startedAt: startedAt === null ? null : new Date(startedAt).toISOString(),
    msToFirstBackchannel: since(firstBackchannel),
    msToFirstTabling: since(firstTabling),
    msToSignature: since(signature),
    messagesTotal,
  };
}
