import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadScenarioText, loadStandardRoles } from "../../server/scenarios/scenario-loader";
import { aliasBomb } from "./alias-bomb";

const root = join(import.meta.dirname, "../..");
const standard = loadStandardRoles(join(root, "roles"));
const minimal = readFileSync(join(root, "tests/fixtures/minimal-scenario.yaml"), "utf8");
type Doc = Record<string, unknown> & {
  roles: Record<string, unknown>[];
  phases: Record<string, unknown>[];
  injects: Record<string, unknown>[];
};

/** The minimal scenario, changed by `edit`, as YAML text. */
function variant(edit: (doc: Doc) => void): string {
  const doc = parse(minimal) as Doc;
  edit(doc);
  return stringify(doc);
}

function problemsOf(yamlText: string): string[] {
  const result = loadScenarioText(yamlText, standard);
  return result.ok ? [] : result.problems.map((p) => `${p.where}: ${p.message}`);
}

describe("scenario validation", () => {
  it("accepts the minimal scenario and merges the standard roles in", () => {
    const result = loadScenarioText(minimal, standard);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const host = result.scenario.roles.find((r) => r.key === "host-nation");
    expect(host?.name).toBe(standard.get("host-nation")?.name);
    expect(host?.permissions.length).toBeGreaterThan(0);
    expect(result.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names a missing required field", () => {
    expect(problemsOf(variant((d) => delete d.title))).toContain("title: is missing");
    expect(problemsOf(variant((d) => delete d.roles[0]!.fallback))).toContain("roles › host-nation › fallback: is missing");
  });

  it("names an unknown role in an inject audience", () => {
    const problems = problemsOf(variant((d) => (d.injects[1]!.audience = ["ghost-role"])));
    expect(problems).toContain('injects › ammo-report › audience: there is no role "ghost-role" in this scenario');
  });

  it("names an unknown role among the agreement signatories", () => {
    const problems = problemsOf(variant((d) => ((d.agreement as { signatories: string[] }).signatories = ["host-nation", "nobody"])));
    expect(problems).toContain('agreement › signatories: there is no role "nobody" in this scenario');
  });

  it("names a phase rule that opens a channel that does not exist", () => {
    const problems = problemsOf(variant((d) => (d.phases[0]!.channels = ["plenary", "corridor"])));
    expect(problems.some((p) => p.startsWith("phases › opening › channels") && p.includes('"corridor" is not a channel'))).toBe(true);
  });

  it("names an inject timed in a phase that does not exist or past its end", () => {
    expect(problemsOf(variant((d) => (d.injects[0]!.at = { phase: "closing", minute: 1 })))).toContain(
      'injects › shelling › at › phase: there is no phase "closing" in this scenario',
    );
    expect(problemsOf(variant((d) => (d.injects[0]!.at = { phase: "drafting", minute: 30 })))).toContain(
      'injects › shelling › at › minute: minute 30 is past the end of phase "drafting" (30 minutes)',
    );
  });

  it("requires a confidential brief, and a name and profile for an added role", () => {
    const problems = problemsOf(
      variant((d) => {
        delete d.roles[4]!.brief;
        delete d.roles[4]!.profile;
      }),
    );
    expect(problems).toContain("roles › militia › profile: is missing (a role without uses: needs a public profile)");
    expect(problems).toContain("roles › militia › brief: is missing (write it inline or in briefs/militia.md)");
  });

  it("requires all four standard roles", () => {
    const problems = problemsOf(variant((d) => (d.roles = d.roles.filter((r) => r.key !== "regional-body"))));
    expect(problems).toContain('roles: the standard role "regional-body" is missing (add a role with uses: regional-body)');
  });

  it("reports YAML syntax errors with a line number", () => {
    expect(problemsOf("title: [unclosed\nsummary: x")[0]).toMatch(/^line \d+: is not valid YAML/);
  });

  it("refuses a YAML alias bomb as a problem instead of expanding it", () => {
    expect(problemsOf(aliasBomb)).toEqual([
      "file: expands its aliases (*name) too often (at most 100 expansions); write the values out instead",
    ]);
  });

  it("reports an alias to an undefined anchor as a YAML problem", () => {
    expect(problemsOf("title: *nowhere\n")[0]).toMatch(/^file: is not valid YAML: Unresolved alias/);
  });
});

describe("npm run scenarios:check", () => {
  const run = promisify(execFile);
  const cli = (args: string[]) => run("npx", ["tsx", "scripts/scenarios-check.ts", ...args], { cwd: root });

  it("passes on the built-in scenarios with one line each", async () => {
    const { stdout } = await cli([]);
    const lines = stdout.split("\n").filter((l) => l.startsWith("ok "));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^ok\s+[a-z0-9-]+\s+\d+ roles · \d+ phases · \d+ injects$/);
  }, 60_000);

  it("fails on a broken file, naming the file and the field", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "parley-scn-")), "minimal-test");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "scenario.yaml"),
      variant((d) => (d.injects[1]!.audience = ["ghost-role"])),
    );
    const failure = await cli([dir]).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain(join(dir, "scenario.yaml").replace(`${process.cwd()}/`, ""));
    expect(failure?.stdout).toContain('injects › ammo-report › audience: there is no role "ghost-role"');
  }, 60_000);
});
