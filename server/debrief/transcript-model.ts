// What a transcript holds, in order, from one viewer's replay data: the Markdown export and
// the print page render this one model, so they cannot disagree about what is in it.
import { agreementsFrom, type AgreementView } from "../../lib/agreements/agreement-state";
import { assertNever, type VoteChoice, type VoteTally } from "../../lib/contract/log-events";
import type { ReplayData } from "./replay.service";

export type TranscriptEntry =
  | { kind: "message"; seq: number; at: string; roleName: string; authorName: string; channel: string; declassified: boolean; body: string }
  | { kind: "announcement"; seq: number; at: string; body: string }
  | { kind: "inject"; seq: number; at: string; title: string; text: string }
  | { kind: "phase"; seq: number; at: string; title: string }
  | { kind: "status"; seq: number; at: string; status: string }
  | { kind: "tabled"; seq: number; at: string; roleName: string; title: string; version: number }
  | { kind: "signed"; seq: number; at: string; roleName: string; title: string; version: number }
  | { kind: "agreement-status"; seq: number; at: string; title: string; status: string }
  /** A closed clause vote: `clauseTitle` null for the whole text; `ballots` only in an open vote. */
  | {
      kind: "vote";
      seq: number;
      at: string;
      title: string;
      clauseTitle: string | null;
      tally: VoteTally;
      ballots: { roleName: string; choice: VoteChoice }[];
      notVoted: string[];
    };

export interface Transcript {
  title: string;
  scenarioTitle: string;
  perspective: { kind: "facilitator" } | { kind: "observer" } | { kind: "role"; roleName: string };
  /** Each entry with its notes, and whether the facilitator flagged it as important. */
  entries: (TranscriptEntry & { notes: string[]; important: boolean })[];
  agreements: AgreementView[];
}

export function transcriptOf(data: ReplayData): Transcript {
  const roleName = (key: string | undefined) => (key ? (data.roles.find((r) => r.key === key)?.name ?? key) : "");
  const channel = new Map(data.channels.map((c) => [c.id, c]));
  const notes = new Map<number, string[]>();
  const important = new Set<number>();
  for (const a of data.annotations) {
    if (a.targetSeq === null) continue;
    if (a.important) important.add(a.targetSeq);
    // A flag without text is no note.
    if (a.body !== "") notes.set(a.targetSeq, [...(notes.get(a.targetSeq) ?? []), a.body]);
  }
  const entries: Transcript["entries"] = [];
  // A vote's subject is named when it opens; its result comes with its close.
  const voteSubjects = new Map<string, string | null>();
  for (const e of data.events) {
    const base = { seq: e.seq, at: e.at };
    let entry: TranscriptEntry | null = null;
    switch (e.type) {
      case "message.sent": {
        const c = e.channelId ? channel.get(e.channelId) : undefined;
        entry = {
          ...base,
          kind: "message",
          roleName: e.payload.roleName,
          authorName: e.payload.authorName,
          channel: c?.name ?? "",
          declassified: c?.declassified ?? false,
          body: e.payload.body,
        };
        break;
      }
      case "announcement.sent":
        entry = { ...base, kind: "announcement", body: e.payload.body };
        break;
      case "inject.released":
        entry = { ...base, kind: "inject", title: e.payload.title, text: e.payload.text };
        break;
      case "exercise.phase":
        entry = { ...base, kind: "phase", title: e.payload.title ?? "" };
        break;
      case "exercise.status":
        entry = { ...base, kind: "status", status: e.payload.to };
        break;
      case "agreement.tabled":
        entry = { ...base, kind: "tabled", roleName: roleName(e.payload.tabledBy), title: e.payload.title, version: e.payload.version };
        break;
      case "agreement.signed":
        entry = { ...base, kind: "signed", roleName: roleName(e.payload.roleKey), title: e.payload.title, version: e.payload.version };
        break;
      case "agreement.status":
        entry = { ...base, kind: "agreement-status", title: e.payload.title, status: e.payload.status };
        break;
      // Not in a transcript: set-up, seating, oversight, and what the agreements section shows.
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
      case "backchannel.requested":
      case "backchannel.convened":
      case "backchannel.accepted":
      case "backchannel.declined":
      case "backchannel.left":
      case "oversight.opened":
      case "channel.declassified":
      case "channel.reclassified":
      case "agreement.created":
      case "agreement.version":
      case "agreement.amendment-proposed":
      case "agreement.amendment-decided":
      case "agreement.vote-cast":
        break;
      case "agreement.vote-closed": {
        const p = e.payload;
        const ballots = Object.entries(p.ballots ?? {}).map(([key, choice]) => ({ roleName: roleName(key), choice }));
        entry = {
          ...base,
          kind: "vote",
          title: p.title,
          clauseTitle: voteSubjects.get(p.voteId) ?? null,
          tally: p.tally,
          ballots,
          notVoted: p.notVoted.map(roleName),
        };
        break;
      }
      case "agreement.vote-opened":
        voteSubjects.set(e.payload.voteId, e.payload.clauseTitle);
        break;
      default:
        assertNever(e);
    }
    if (entry) entries.push({ ...entry, notes: notes.get(e.seq) ?? [], important: important.has(e.seq) });
  }
  const p = data.perspective;
  return {
    title: data.exercise.title,
    scenarioTitle: data.exercise.scenarioTitle,
    perspective:
      p.kind === "role"
        ? { kind: "role", roleName: roleName(p.roleKey) }
        : p.kind === "facilitator"
          ? { kind: "facilitator" }
          : { kind: "observer" },
    entries,
    agreements: [...agreementsFrom(data.events).values()],
  };
}
