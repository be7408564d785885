// What a pending amendment would do to the text as it is now: the clauses it touches with
// their word-level differences, or the new order. The deciding role reads it before choosing.
import type { Change, Clause } from "./agreement";
import { diffVersions, type ClauseDiff } from "./agreement-diff";
import { nextClauses, type ChangeMisfit } from "./apply-change";

/** A clause the amendment touches, numbered as it stands after the change (before, for a deletion). */
export type PreviewClause = ClauseDiff & { number: number };

export interface PreviewMove {
  key: string;
  title: string;
  /** 1-based positions before and after. */
  from: number;
  to: number;
}

export type AmendmentPreview =
  | { kind: "clauses"; clauses: PreviewClause[] }
  | { kind: "order"; order: PreviewMove[] }
  /** The text moved on so that the change no longer applies: accepting it would be refused. */
  | { kind: "stale"; misfit: ChangeMisfit };

/** A key no clause has, for the clause an addition would create. */
const NEW_CLAUSE = "\u0000proposed";

export function previewAmendment(current: readonly Clause[], change: Change): AmendmentPreview {
  const result = nextClauses(current, change, NEW_CLAUSE);
  if (!result.ok) return { kind: "stale", misfit: result.misfit };
  if (change.kind === "reorder") {
    const before = current.map((c) => c.key);
    return {
      kind: "order",
      order: result.clauses.map((c, i) => ({ key: c.key, title: c.title, from: before.indexOf(c.key) + 1, to: i + 1 })),
    };
  }
  const after = result.clauses.map((c) => c.key);
  const before = current.map((c) => c.key);
  const clauses = diffVersions(current, result.clauses)
    .filter((d) => d.state !== "same")
    .map((d) => ({ ...d, number: (d.state === "removed" ? before.indexOf(d.key) : after.indexOf(d.key)) + 1 }));
  return { kind: "clauses", clauses };
}
