// Agreement shapes shared by server and browser: clauses, changes, and word-level diffs.
import { diffWords } from "diff";
import { z } from "zod";

export const clauseSchema = z.object({
  key: z.string().min(1).max(64),
  title: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(5000),
});
export type Clause = z.infer<typeof clauseSchema>;

export const changeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("add"), title: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(5000), position: z.number().int().min(0).optional() }),
  z.object({ kind: z.literal("amend"), clauseKey: z.string().min(1), text: z.string().trim().min(1).max(5000), title: z.string().trim().min(1).max(200).optional() }),
  z.object({ kind: z.literal("delete"), clauseKey: z.string().min(1) }),
  z.object({ kind: z.literal("reorder"), order: z.array(z.string().min(1)).min(1) }),
]);
export type Change = z.infer<typeof changeSchema>;

export type AgreementStatus = "draft" | "tabled" | "signed" | "withdrawn" | "collapsed";

export interface WordPart {
  text: string;
  added?: boolean;
  removed?: boolean;
}

export interface ClauseDiff {
  key: string;
  title: string;
  state: "added" | "removed" | "changed" | "same";
  parts: WordPart[];
}

/** Clause-by-clause comparison with word-level differences, in the newer version's order. */
export function diffVersions(older: readonly Clause[], newer: readonly Clause[]): ClauseDiff[] {
  const before = new Map(older.map((c) => [c.key, c]));
  const after = new Set(newer.map((c) => c.key));
  const result: ClauseDiff[] = newer.map((clause) => {
    const old = before.get(clause.key);
    if (!old) return { key: clause.key, title: clause.title, state: "added", parts: [{ text: clause.text, added: true }] };
    const parts = diffWords(old.text, clause.text).map((p) => ({ text: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) }));
    const changed = parts.some((p) => p.added || p.removed) || old.title !== clause.title;
    return { key: clause.key, title: clause.title, state: changed ? "changed" : "same", parts };
  });
  for (const old of older) {
    if (!after.has(old.key)) result.push({ key: old.key, title: old.title, state: "removed", parts: [{ text: old.text, removed: true }] });
  }
  return result;
}
