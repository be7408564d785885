import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { criterionMax, isLevelOf, rubricFor, rubricMax } from "../../lib/scenario/rubric";
import type { Criterion } from "../../lib/scenario/scenario.schema";
import { builtinScenarioFiles, loadScenarioFile, loadScenarioText, loadStandardRoles } from "../../server/scenarios/scenario-loader";

const root = join(import.meta.dirname, "../..");
const standard = loadStandardRoles(join(root, "roles"));
const minimal = readFileSync(join(root, "tests/fixtures/minimal-scenario.yaml"), "utf8");

type Level = { points: number; label: string; description?: string };
type CriterionDoc = { key: string; title: string; objective?: string; levels: Level[] };
type Doc = { rubric: CriterionDoc[]; roles: { key: string; rubric?: CriterionDoc[] }[] };

const criterion = (key: string, points: number[] = [0, 1, 2], extra: Partial<CriterionDoc> = {}): CriterionDoc => ({
  key,
  title: `Criterion ${key}`,
  levels: points.map((p) => ({ points: p, label: `Level ${p}` })),
  ...extra,
});

/** The minimal scenario with two skills for every role and one criterion of the host nation's own. */
function withRubric(edit: (doc: Doc) => void = () => {}): string {
  const doc = parse(minimal) as Doc;
  doc.rubric = [criterion("preparation"), criterion("backchannels", [0, 2, 4])];
  doc.roles[0]!.rubric = [criterion("bridge-back", [0, 3], { objective: "bridge" })];
  edit(doc);
  return stringify(doc);
}

function problemsOf(yamlText: string): string[] {
  const result = loadScenarioText(yamlText, standard);
  return result.ok ? [] : result.problems.map((p) => `${p.where}: ${p.message}`);
}

const hostRubric = (doc: Doc) => doc.roles[0]!.rubric!;

describe("rubric rules", () => {
  it("accepts criteria for every role and a role's own criterion tied to its objective", () => {
    expect(problemsOf(withRubric())).toEqual([]);
  });

  it("refuses a role criterion that reuses a key of the scenario's rubric", () => {
    expect(problemsOf(withRubric((d) => hostRubric(d).push(criterion("preparation"))))).toEqual([
      'roles › host-nation › rubric › preparation: the scenario\'s rubric already has a criterion "preparation" for every role; give this one another key',
    ]);
  });

  it("refuses the same criterion key twice in the scenario's rubric or in a role's", () => {
    expect(problemsOf(withRubric((d) => d.rubric.push(criterion("backchannels"))))).toEqual([
      "rubric › backchannels: this criterion key is used twice",
    ]);
    expect(problemsOf(withRubric((d) => hostRubric(d).push(criterion("bridge-back"))))).toEqual([
      "roles › host-nation › rubric › bridge-back: this criterion key is used twice",
    ]);
  });

  it("refuses an objective on a criterion for every role and names the role that has it", () => {
    expect(problemsOf(withRubric((d) => (d.rubric[0]!.objective = "bridge")))).toEqual([
      "rubric › preparation › objective: a criterion for every role cannot name an objective, since objectives belong to one role; " +
        "put it under the role that has this objective (host-nation)",
    ]);
  });

  it("refuses a role criterion whose objective belongs to another role or to none", () => {
    expect(problemsOf(withRubric((d) => (hostRubric(d)[0]!.objective = "exit")))).toEqual([
      'roles › host-nation › rubric › bridge-back › objective: "exit" is not one of this role\'s objectives (bridge)',
    ]);
  });

  it("refuses two levels that give the same points", () => {
    expect(problemsOf(withRubric((d) => (d.rubric[1]!.levels[2]!.points = 2)))).toEqual([
      "rubric › backchannels › levels: two levels give 2 points; each level needs its own number of points",
    ]);
  });

  it("refuses levels that are not listed from fewest to most points", () => {
    expect(problemsOf(withRubric((d) => hostRubric(d)[0]!.levels.reverse()))).toEqual([
      'roles › host-nation › rubric › bridge-back › levels: list the levels from fewest to most points: "Level 0" (0 points) comes after "Level 3" (3 points)',
    ]);
  });

  it("refuses two levels with the same label", () => {
    expect(problemsOf(withRubric((d) => (d.rubric[0]!.levels[1]!.label = "Level 0")))).toEqual([
      'rubric › preparation › levels: two levels are labelled "Level 0"',
    ]);
  });

  it("refuses a criterion with a single level, naming it by its key", () => {
    expect(problemsOf(withRubric((d) => (d.rubric[0]!.levels = [{ points: 1, label: "Done" }])))).toEqual([
      "rubric › preparation › levels: needs at least two levels",
    ]);
  });
});

describe.each(builtinScenarioFiles(join(root, "roles")).map((file) => [file.split("/").at(-2)!, file]))(
  "the rubric of %s",
  (_slug, file) => {
    const result = loadScenarioFile(file, standard);

    it("passes the checker", () => {
      expect(result.ok ? [] : result.problems).toEqual([]);
    });

    it("assesses every role on the diplomatic skills and on criteria of its own tied to its objectives", () => {
      if (!result.ok) throw new Error("the scenario does not load");
      const s = result.scenario;
      expect(s.rubric.map((c) => c.key)).toEqual([
        "preparation",
        "backchannels",
        "concessions",
        "drafting",
        "coalition-building",
        "red-lines",
      ]);
      for (const role of s.roles) {
        expect(role.rubric.length, role.key).toBeGreaterThan(0);
        const ids = role.objectives.map((o) => o.id);
        for (const c of role.rubric) expect(ids, `${role.key} › ${c.key}`).toContain(c.objective);
      }
    });
  },
);

describe("rubricFor, criterionMax, rubricMax, isLevelOf", () => {
  const loaded = loadScenarioText(withRubric(), standard);
  if (!loaded.ok) throw new Error("the rubric fixture does not load");
  const scenario = loaded.scenario;

  it("gives a role the scenario's criteria first, then its own", () => {
    expect(rubricFor(scenario, "host-nation").map((c) => c.key)).toEqual(["preparation", "backchannels", "bridge-back"]);
    expect(rubricFor(scenario, "militia").map((c) => c.key)).toEqual(["preparation", "backchannels"]);
  });

  it("gives only the scenario's criteria when there is no role", () => {
    expect(rubricFor(scenario, null).map((c) => c.key)).toEqual(["preparation", "backchannels"]);
  });

  it("sums each criterion's best level, whatever the order of the levels", () => {
    const unordered: Criterion = {
      key: "x",
      title: "X",
      levels: [
        { points: 5, label: "Top" },
        { points: 1, label: "Low" },
      ],
    };
    expect(criterionMax(unordered)).toBe(5);
    expect(rubricMax(rubricFor(scenario, "host-nation"))).toBe(2 + 4 + 3);
    expect(rubricMax([])).toBe(0);
  });

  it("accepts only a criterion's own levels as a score", () => {
    const backchannels = scenario.rubric[1]!;
    expect(isLevelOf(backchannels, 4)).toBe(true);
    expect(isLevelOf(backchannels, 3)).toBe(false);
  });
});
