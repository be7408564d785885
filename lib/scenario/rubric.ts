// A role's rubric: the scenario's criteria for every role, then the role's own.
import type { Criterion, Scenario } from "./scenario.schema";

export function rubricFor(scenario: Pick<Scenario, "rubric" | "roles">, roleKey: string | null | undefined): Criterion[] {
  const role = roleKey ? scenario.roles.find((r) => r.key === roleKey) : undefined;
  return [...scenario.rubric, ...(role?.rubric ?? [])];
}

/** The most a criterion gives: its best level. */
export const criterionMax = (criterion: Criterion): number => Math.max(...criterion.levels.map((l) => l.points));

/** The most a rubric gives. */
export const rubricMax = (criteria: readonly Criterion[]): number => criteria.reduce((sum, c) => sum + criterionMax(c), 0);

/** Whether points are one of the criterion's levels (scores are levels, not free numbers). */
export const isLevelOf = (criterion: Criterion, points: number): boolean => criterion.levels.some((l) => l.points === points);
