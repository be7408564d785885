// Rules that span several parts of a scenario (references between roles, phases,
// injects, the agreement and the rubric). Each problem says where it is and what is wrong.
import { standardRoleKeys, type Criterion, type Scenario } from "./scenario.schema";

export interface ScenarioProblem {
  /** Where, in words: "injects › leaked-memo › audience". */
  where: string;
  message: string;
}

export function checkScenarioRules(s: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const add = (where: string, message: string) => problems.push({ where, message });
  const roleKeys = new Set(s.roles.map((r) => r.key));
  const phaseByKey = new Map(s.phases.map((p) => [p.key, p]));

  for (const key of duplicates(s.roles.map((r) => r.key))) add(`roles › ${key}`, "this role key is used twice");
  for (const key of duplicates(s.phases.map((p) => p.key))) add(`phases › ${key}`, "this phase key is used twice");
  for (const key of duplicates(s.injects.map((i) => i.key))) add(`injects › ${key}`, "this inject key is used twice");
  for (const key of duplicates(s.agreement.clauses.map((c) => c.key))) {
    add(`agreement › clauses › ${key}`, "this clause key is used twice");
  }
  for (const std of standardRoleKeys) {
    if (!s.roles.some((r) => r.uses === std)) add("roles", `the standard role "${std}" is missing (add a role with uses: ${std})`);
  }
  for (const role of s.roles) {
    for (const id of duplicates(role.objectives.map((o) => o.id))) {
      add(`roles › ${role.key} › objectives › ${id}`, "this objective id is used twice");
    }
  }
  for (const inject of s.injects) {
    if (inject.audience !== "all") {
      for (const role of inject.audience) {
        if (!roleKeys.has(role)) add(`injects › ${inject.key} › audience`, `there is no role "${role}" in this scenario`);
      }
    }
    if (inject.at !== "manual") {
      const phase = phaseByKey.get(inject.at.phase);
      if (!phase) add(`injects › ${inject.key} › at › phase`, `there is no phase "${inject.at.phase}" in this scenario`);
      else if (inject.at.minute >= phase.minutes) {
        add(
          `injects › ${inject.key} › at › minute`,
          `minute ${inject.at.minute} is past the end of phase "${phase.key}" (${phase.minutes} minutes)`,
        );
      }
    }
  }
  for (const key of s.agreement.signatories) {
    const role = s.roles.find((r) => r.key === key);
    if (!role) add("agreement › signatories", `there is no role "${key}" in this scenario`);
    else if (!role.permissions.includes("sign")) {
      add("agreement › signatories", `"${key}" must sign but its permissions do not include sign`);
    }
  }
  for (const dup of duplicates(s.agreement.signatories)) add("agreement › signatories", `"${dup}" is listed twice`);
  checkRubrics(s, add);
  return problems;
}

type Add = (where: string, message: string) => void;

// A role is assessed on the scenario's criteria followed by its own (rubricFor), so a key
// must be unique across both, and only a role's own criteria can point at its objectives.
function checkRubrics(s: Scenario, add: Add): void {
  const shared = new Set(s.rubric.map((c) => c.key));
  for (const key of duplicates(s.rubric.map((c) => c.key))) add(`rubric › ${key}`, "this criterion key is used twice");
  for (const criterion of s.rubric) {
    const where = `rubric › ${criterion.key}`;
    if (criterion.objective !== undefined) {
      const owners = s.roles.filter((r) => r.objectives.some((o) => o.id === criterion.objective)).map((r) => r.key);
      add(
        `${where} › objective`,
        `a criterion for every role cannot name an objective, since objectives belong to one role; ` +
          `put it under the role that has this objective${owners.length > 0 ? ` (${owners.join(", ")})` : ""}`,
      );
    }
    checkLevels(criterion, where, add);
  }
  for (const role of s.roles) {
    const base = `roles › ${role.key} › rubric`;
    for (const key of duplicates(role.rubric.map((c) => c.key))) add(`${base} › ${key}`, "this criterion key is used twice");
    const objectiveIds = role.objectives.map((o) => o.id);
    for (const criterion of role.rubric) {
      const where = `${base} › ${criterion.key}`;
      if (shared.has(criterion.key)) {
        add(where, `the scenario's rubric already has a criterion "${criterion.key}" for every role; give this one another key`);
      }
      if (criterion.objective !== undefined && !objectiveIds.includes(criterion.objective)) {
        add(`${where} › objective`, `"${criterion.objective}" is not one of this role's objectives (${objectiveIds.join(", ")})`);
      }
      checkLevels(criterion, where, add);
    }
  }
}

// Levels read as a scale from worst to best, and an assessment records a level by its points.
function checkLevels(criterion: Criterion, where: string, add: Add): void {
  const points = criterion.levels.map((l) => l.points);
  for (const dup of new Set(points.filter((p, i) => points.indexOf(p) !== i))) {
    add(`${where} › levels`, `two levels give ${pointsText(dup)}; each level needs its own number of points`);
  }
  for (const [i, level] of criterion.levels.entries()) {
    const previous = criterion.levels[i - 1];
    if (previous && level.points < previous.points) {
      add(
        `${where} › levels`,
        `list the levels from fewest to most points: "${level.label}" (${pointsText(level.points)}) ` +
          `comes after "${previous.label}" (${pointsText(previous.points)})`,
      );
    }
  }
  for (const label of duplicates(criterion.levels.map((l) => l.label))) add(`${where} › levels`, `two levels are labelled "${label}"`);
}

const pointsText = (points: number) => `${points} point${points === 1 ? "" : "s"}`;

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const v of values) (seen.has(v) ? dups : seen).add(v);
  return [...dups];
}

export function totalMinutes(s: Pick<Scenario, "phases">): number {
  return s.phases.reduce((sum, p) => sum + p.minutes, 0);
}
