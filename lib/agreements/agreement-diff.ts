// Word-level differences between two versions of an agreement. No schemas here: the
// browser loads this to show tracked changes.
import { diffWords } from "diff";

/** A clause as compared here (the shape of agreement.ts's Clause, without its schema). */
interface Clause {
  key: string;
  title: string;
  text: string;
}

export interface WordPart {
  text: string;
  added?: boolean;
  removed?: boolean;
}

export interface ClauseDiff {
  key: string;
  title: string;
  state: "added" | "removed" | "changed" | "same";
  /** The title it had before, when the change renamed it. */
  oldTitle?: string;
  parts: WordPart[];
}

/** Clause-by-clause comparison with word-level differences, in the newer version's order. */
export function diffVersions(older: readonly Clause[], newer: readonly Clause[]): ClauseDiff[] {
  const before = new Map(older.map((c) => [c.key, c]));
  const after = new Set(newer.map((c) => c.key));
  const result: ClauseDiff[] = newer.map((clause) => {
    const old = before.get(clause.key);
    if (!old) return { key: clause.key, title: clause.title, state: "added", parts: [{ text: clause.text, added: true }] };
    const parts = diffWords(old.text, clause.text).map((p) => ({
      text: p.value,
      ...(p.added ? { added: true } : {}),
      ...(p.removed ? { removed: true } : {}),
    }));
    const changed = parts.some((p) => p.added || p.removed) || old.title !== clause.title;
    return {
      key: clause.key,
      title: clause.title,
      state: changed ? "changed" : "same",
      ...(old.title !== clause.title ? { oldTitle: old.title } : {}),
      parts,
    };
  });
  for (const old of older) {
    if (!after.has(old.key)) result.push({ key: old.key, title: old.title, state: "removed", parts: [{ text: old.text, removed: true }] });
  }
  return result;
}
