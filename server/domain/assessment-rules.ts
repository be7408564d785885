// What an assessment may hold, decided without storage: scores are levels of the person's
// rubric, evidence points at events of the log, and a total is the sum of the levels.
import type { Criterion } from "../../lib/scenario/scenario.schema";
import { decide, type Actor } from "./authorization";
import { criterionMax, isLevelOf, rubricMax } from "../../lib/scenario/rubric";

export type Scores = Record<string, number>;

/**
 * Who may score, pin evidence and write feedback: the facilitator, and observers when the
 * facilitator lets them (a second marker). Releasing stays the facilitator's.
 */
export function mayAssess(actor: Actor, observersAssess: boolean): boolean {
  return decide(actor, "exercise:manage").allowed || (observersAssess && actor.seats.some((s) => s.seat === "observer"));
}

export interface EvidenceItem {
  criterion: string;
  seq: number;
  note: string;
}

export interface ScoreProblem {
  criterion: string;
  message: string;
}

/** Problems with a set of scores against a rubric; none means every score is one of its levels. */
export function scoreProblems(criteria: readonly Criterion[], scores: Scores): ScoreProblem[] {
  const problems: ScoreProblem[] = [];
  for (const [key, points] of Object.entries(scores)) {
    const criterion = criteria.find((c) => c.key === key);
    if (!criterion) problems.push({ criterion: key, message: "is not a criterion of this person's rubric" });
    else if (!isLevelOf(criterion, points)) {
      problems.push({
        criterion: key,
        message: `${points} is not one of its levels (${criterion.levels.map((l) => l.points).join(", ")})`,
      });
    }
  }
  return problems;
}

export interface Total {
  given: number;
  max: number;
  /** Criteria not scored yet. */
  missing: string[];
}

/** The total of the scored criteria over the rubric's maximum; unscored criteria give nothing. */
export function totalOf(criteria: readonly Criterion[], scores: Scores): Total {
  let given = 0;
  const missing: string[] = [];
  for (const c of criteria) {
    const points = scores[c.key];
    if (points === undefined || !isLevelOf(c, points)) missing.push(c.key);
    else given += points;
  }
  return { given, max: rubricMax(criteria), missing };
}

/** The level a score stands for. */
export const levelOf = (criterion: Criterion, points: number | undefined) =>
  points === undefined ? undefined : criterion.levels.find((l) => l.points === points);

/** Evidence with a criterion of the rubric (or none, for the whole assessment) and an event the person could see. */
export function evidenceProblem(criteria: readonly Criterion[], item: EvidenceItem, visibleSeqs: ReadonlySet<number>): string | null {
  if (item.criterion !== "" && !criteria.some((c) => c.key === item.criterion)) return "is not a criterion of this person's rubric";
  if (!visibleSeqs.has(item.seq)) return "is not an event this person's seat could see";
  return null;
}

/** Adds an item unless the same event is already pinned to the same criterion. */
export function withEvidence(list: readonly EvidenceItem[], item: EvidenceItem): EvidenceItem[] {
  const rest = list.filter((e) => !(e.seq === item.seq && e.criterion === item.criterion));
  return [...rest, item].sort((a, b) => a.seq - b.seq);
}

export { criterionMax };
