// Rules that span several parts of a scenario (references between roles, phases,
// injects and the agreement). Each problem says where it is and what is wrong.
import { standardRoleKeys, type Scenario } from "./scenario.schema";

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
  return problems;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const v of values) (seen.has(v) ? dups : seen).add(v);
  return [...dups];
}

export function totalMinutes(s: Pick<Scenario, "phases">): number {
  return s.phases.reduce((sum, p) => sum + p.minutes, 0);
}
