// Search in the debrief. The replay the page holds is already cut to what this viewer may
// see (the server's replay service decided, with the same rule as live delivery), so a
// search over it can only find what the viewer may see; nothing is filtered here.
import type { EventDto } from "../contract/events";
import { annotationTime, type AnnotationLike } from "./replay-tracks";

export type HitKind = "message" | "announcement" | "inject" | "clause" | "note";

export interface SearchHit {
  kind: HitKind;
  /** The event found (for a note: the event it is pinned to, if any). */
  seq: number | null;
  time: number;
  channelId?: string;
  /** Text around the match, and where the match sits in it. */
  snippet: string;
  match: [start: number, end: number];
  key: string;
}

export interface SearchOptions {
  annotations?: readonly AnnotationLike[];
  announcementsChannel?: string;
}

/**
 * Case- and accent-insensitive form of a text, with the position in the original of each
 * character of the folded form (folding can change lengths: "é" is two code units in NFD).
 */
export function fold(text: string): { folded: string; origin: number[] } {
  let folded = "";
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const f = ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  return { folded, origin };
}

const BEFORE = 40;
const AFTER = 80;

/** The text around the first match of an already folded query, or null if it is absent. */
export function snippetOf(text: string, foldedQuery: string): { snippet: string; match: [number, number] } | null {
  if (!foldedQuery) return null;
  const { folded, origin } = fold(text);
  const at = folded.indexOf(foldedQuery);
  if (at < 0) return null;
  const start = origin[at]!;
  const last = origin[at + foldedQuery.length - 1]!;
  const end = last + String.fromCodePoint(text.codePointAt(last)!).length;
  const from = Math.max(0, start - BEFORE);
  const to = Math.min(text.length, end + AFTER);
  const head = from > 0 ? "…" : "";
  const snippet = `${head}${text.slice(from, to)}${to < text.length ? "…" : ""}`.replace(/\s+/g, " ");
  // Collapsing whitespace can shift the match; find it again in the snippet.
  const again = fold(snippet);
  const pos = again.folded.indexOf(foldedQuery);
  if (pos < 0) return { snippet, match: [0, 0] };
  const mStart = again.origin[pos]!;
  const mLast = again.origin[pos + foldedQuery.length - 1]!;
  return { snippet, match: [mStart, mLast + String.fromCodePoint(snippet.codePointAt(mLast)!).length] };
}

/**
 * Hits in time order over message and announcement bodies, inject titles and texts,
 * agreement clauses (a clause once per text: where it first appears) and annotations.
 */
export function searchReplay(events: readonly EventDto[], query: string, options: SearchOptions = {}): SearchHit[] {
  const q = fold(query.trim().replace(/\s+/g, " ")).folded;
  if (!q) return [];
  const hits: SearchHit[] = [];
  const timeOfSeq = new Map<number, number>();
  const channelOfSeq = new Map<number, string>();
  const agreementChannel = new Map<string, string>();
  const clausesSeen = new Map<string, Set<string>>();
  const add = (text: string, hit: Omit<SearchHit, "snippet" | "match">) => {
    const found = snippetOf(text, q);
    if (found) hits.push({ ...hit, ...found });
    return Boolean(found);
  };

  for (const e of events) {
    const time = Date.parse(e.at);
    timeOfSeq.set(e.seq, time);
    const channel = e.type === "announcement.sent" ? options.announcementsChannel : e.channelId;
    if (channel) channelOfSeq.set(e.seq, channel);
    switch (e.type) {
      case "message.sent":
        add(e.payload.body, { kind: "message", seq: e.seq, time, channelId: channel, key: `m${e.seq}` });
        break;
      case "announcement.sent":
        add(e.payload.body, { kind: "announcement", seq: e.seq, time, channelId: channel, key: `m${e.seq}` });
        break;
      case "inject.released":
        if (!add(e.payload.title, { kind: "inject", seq: e.seq, time, key: `i${e.seq}` }))
          add(e.payload.text, { kind: "inject", seq: e.seq, time, key: `i${e.seq}` });
        break;
      case "agreement.created":
      case "agreement.version":
      case "agreement.tabled": {
        if ("channelId" in e.payload) agreementChannel.set(e.payload.agreementId, e.payload.channelId);
        const seen =
          clausesSeen.get(e.payload.agreementId) ?? clausesSeen.set(e.payload.agreementId, new Set()).get(e.payload.agreementId)!;
        for (const c of e.payload.clauses) {
          const text = `${c.title}: ${c.text}`;
          if (seen.has(text)) continue;
          seen.add(text);
          add(text, {
            kind: "clause",
            seq: e.seq,
            time,
            channelId: e.channelId ?? agreementChannel.get(e.payload.agreementId),
            key: `c${e.seq}:${c.key}`,
          });
        }
        break;
      }
      default:
        break;
    }
  }
  for (const a of options.annotations ?? []) {
    const time = annotationTime(a, timeOfSeq);
    const channelId = a.targetSeq !== null ? channelOfSeq.get(a.targetSeq) : undefined;
    if (time !== null) add(a.body, { kind: "note", seq: a.targetSeq, time, key: `n${a.id}`, ...(channelId ? { channelId } : {}) });
  }
  hits.sort((a, b) => a.time - b.time || (a.seq ?? 0) - (b.seq ?? 0));
  return hits;
}
