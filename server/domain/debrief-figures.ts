// Figures for the debrief, computed from the events one viewer may see (so a
// participant's figures never reveal what their role could not see).
import type { EventDto } from "../../lib/contract/events";
import { inWindow, type ChannelWindow } from "./visibility";

/** A seated role: what it said between delegations (plenary and backchannels) that the viewer may see. */
export interface FigureNode {
  roleKey: string;
  messages: number;
  words: number;
  /** Shares of all the seated roles' messages (words); they sum to 1 unless nobody spoke. */
  messageShare: number;
  wordShare: number;
}

/** Messages `from` wrote that reached `to`, by kind of channel. */
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
  wordsByRole: Record<string, number>;
}

export interface DebriefFigures {
  /** The roles somebody sat in, in scenario order. */
  nodes: FigureNode[];
  edges: Edge[];
  phases: PhaseFigure[];
  startedAt: string | null;
  msToFirstBackchannel: number | null;
  msToFirstTabling: number | null;
  msToSignature: number | null;
  /** Every message the viewer may see, the chair's and team channels' included. */
  messagesTotal: number;
}

/** The channels the viewer may know of, as the replay lists them. */
export interface FigureChannel {
  id: string;
  kind: string;
  /** Listed but not readable (a backchannel staff have not opened while the exercise runs). */
  sealed?: boolean;
}

/** A participant's seat, as storage records it (one row per seat taken; ended when given up). */
export interface SeatRecord {
  roleKey: string | null;
  removedAt: Date | null;
}

/** One role's membership windows, as storage records them (the windows visibility reads). */
export interface RoleWindows {
  roleKey: string;
  windows: readonly ChannelWindow[];
}

/** Runs of non-space characters; counted in one pass (the debrief counts thousands of messages). */
function wordsIn(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ASCII spaces by code; anything else beyond ASCII asks the regular expression (NBSP, ideographic space...).
    const space = c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/u.test(text[i]!));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
const bump = (record: Record<string, number>, key: string, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};

/**
 * Roles somebody sat in during the exercise: a participant's seat counts unless it was
 * given up before the first start (a choice changed in the lobby); before any start, only
 * seats still held count. Seats come from storage, not the log: which delegations are
 * seated is public (every participant sees them in the roster), and seats given without a
 * `role.assigned` event (seeds and benchmarks seat people directly) count too. A role that wrote something the
 * viewer sees sat there, whatever the seats say.
 */
function seatedRoles(seats: readonly SeatRecord[], startedAt: number | null, events: readonly EventDto[]): Set<string> {
  const seated = new Set<string>();
  for (const s of seats) {
    if (s.roleKey && (s.removedAt === null || (startedAt !== null && s.removedAt.getTime() > startedAt))) seated.add(s.roleKey);
  }
  for (const e of events) if (e.type === "message.sent" && e.actor.roleKey) seated.add(e.actor.roleKey);
  return seated;
}

/**
 * Who read a message: the seated roles, other than its author, that belonged to its channel
 * at its sequence number. Membership comes from storage for every channel the viewer may
 * read (listed and not sealed), not from the backchannel events: those are shown only to
 * the roles involved, so a participant reading a declassified backchannel they were never
 * in would otherwise see its messages but none of its edges. Only messages the viewer sees
 * make edges, so this reveals no more than who was in a channel the viewer may read.
 */
function readersOf(channels: readonly FigureChannel[], memberships: readonly RoleWindows[], seated: ReadonlySet<string>) {
  const readable = new Map(
    channels.filter((c) => !c.sealed && (c.kind === "plenary" || c.kind === "backchannel")).map((c) => [c.id, c.kind]),
  );
  const windows = new Map<string, { roleKey: string; window: ChannelWindow }[]>();
  for (const { roleKey, windows: own } of memberships) {
    if (!seated.has(roleKey)) continue;
    for (const window of own) {
      if (!readable.has(window.channelId)) continue;
      windows.set(window.channelId, [...(windows.get(window.channelId) ?? []), { roleKey, window }]);
    }
  }
  return (channelId: string, seq: number, author: string): { kind: "plenary" | "backchannel"; readers: string[] } | null => {
    const kind = readable.get(channelId);
    if (!kind) return null;
    // A handful of roles per channel: a plain loop, no intermediate arrays per message.
    const readers: string[] = [];
    for (const m of windows.get(channelId) ?? []) {
      if (m.roleKey !== author && inWindow(seq, m.window) && !readers.includes(m.roleKey)) readers.push(m.roleKey);
    }
    return { kind: kind === "plenary" ? "plenary" : "backchannel", readers };
  };
}

/** When the exercise first started, as the log says (every viewer sees status changes). */
function firstStart(events: readonly EventDto[]): number | null {
  const start = events.find((e) => e.type === "exercise.status" && e.payload.to === "running");
  return start ? Date.parse(start.at) : null;
}

/**
 * `roles`: the scenario's role keys (their order is the figures' order). `stored.seats`: every
 * participant seat of the exercise; `stored.memberships`: every role's channel windows, of
 * which only those of channels in `channels` are read.
 */
export function computeFigures(
  events: readonly EventDto[],
  channels: readonly FigureChannel[],
  roles: readonly string[],
  phaseTitles: readonly string[],
  stored: { seats: readonly SeatRecord[]; memberships: readonly RoleWindows[] },
): DebriefFigures {
  const seated = seatedRoles(stored.seats, firstStart(events), events);
  const readers = readersOf(channels, stored.memberships, seated);
  const backchannels = new Set(channels.filter((c) => c.kind === "backchannel").map((c) => c.id));
  const talk = new Map<string, { messages: number; words: number }>();
  // By author, then reader.
  const edges = new Map<string, Map<string, Edge>>();
  const phases: PhaseFigure[] = phaseTitles.map((title, index) => ({
    index,
    title,
    plannedMs: null,
    elapsedMs: null,
    overrunMs: null,
    messagesByRole: {},
    wordsByRole: {},
  }));
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
    // Dates are parsed only where a figure needs one (most events are messages that do not).
    switch (e.type) {
      case "exercise.status":
        phase = e.payload.phaseIndex;
        if (e.payload.to === "running" && startedAt === null) startedAt = Date.parse(e.at);
        if (e.payload.to === "ended") recordPhase(e.payload.leftPhase);
        break;
      case "exercise.phase":
        recordPhase(e.payload.leftPhase);
        phase = e.payload.to;
        break;
      case "backchannel.requested":
      case "backchannel.convened":
        firstBackchannel ??= Date.parse(e.at);
        break;
      case "agreement.tabled":
        firstTabling ??= Date.parse(e.at);
        break;
      case "agreement.status":
        if (e.payload.status === "signed") signature ??= Date.parse(e.at);
        break;
      case "message.sent": {
        messagesTotal++;
        // A declassified backchannel's opening is shown only to its members; its first message dates it for the others.
        if (firstBackchannel === null && e.channelId && backchannels.has(e.channelId)) firstBackchannel = Date.parse(e.at);
        const author = e.actor.roleKey;
        const reach = author && e.channelId ? readers(e.channelId, e.seq, author) : null;
        // Talk between delegations only: the chair has no role, and a team channel is a delegation talking to itself.
        if (!author || !reach) break;
        const words = wordsIn(e.payload.body);
        let own = talk.get(author);
        if (!own) talk.set(author, (own = { messages: 0, words: 0 }));
        own.messages++;
        own.words += words;
        const figure = phases[phase];
        if (figure) {
          bump(figure.messagesByRole, author);
          bump(figure.wordsByRole, author, words);
        }
        let fromAuthor = edges.get(author);
        if (!fromAuthor) edges.set(author, (fromAuthor = new Map()));
        for (const reader of reach.readers) {
          let edge = fromAuthor.get(reader);
          if (!edge) fromAuthor.set(reader, (edge = { from: author, to: reader, plenary: 0, backchannel: 0 }));
          edge[reach.kind]++;
        }
        break;
      }
    }
  }

  const totalMessages = [...talk.values()].reduce((n, x) => n + x.messages, 0);
  const totalWords = [...talk.values()].reduce((n, x) => n + x.words, 0);
  const nodes = roles
    .filter((r) => seated.has(r))
    .map((roleKey) => {
      const own = talk.get(roleKey) ?? { messages: 0, words: 0 };
      return {
        roleKey,
        ...own,
        messageShare: totalMessages ? own.messages / totalMessages : 0,
        wordShare: totalWords ? own.words / totalWords : 0,
      };
    });
  return {
    nodes,
    edges: [...edges.values()].flatMap((byReader) => [...byReader.values()]),
    phases,
    startedAt: startedAt === null ? null : new Date(startedAt).toISOString(),
    msToFirstBackchannel: since(firstBackchannel),
    msToFirstTabling: since(firstTabling),
    msToSignature: since(signature),
    messagesTotal,
  };
}
