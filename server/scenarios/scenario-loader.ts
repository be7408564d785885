// Reads scenarios from roles/: YAML for the structure, Markdown for long texts. Every
// failure names the file and, in an instructor's words, the field that is wrong.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import {
  scenarioInputSchema,
  scenarioSchema,
  standardRoleSchema,
  type Scenario,
  type ScenarioInput,
  type StandardRole,
} from "../../lib/scenario/scenario.schema";
import { checkScenarioRules, type ScenarioProblem } from "../../lib/scenario/scenario-rules";

export type LoadResult =
  { ok: true; scenario: Scenario; contentHash: string; file: string } | { ok: false; file: string; problems: ScenarioProblem[] };

export function loadStandardRoles(rolesDir: string): Map<string, StandardRole> {
  const dir = join(rolesDir, "standard");
  const roles = new Map<string, StandardRole>();
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()) {
    const file = join(dir, name);
    const parsed = parseYaml(readFileSync(file, "utf8"));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.map(format).join("; ")}`);
    const result = standardRoleSchema.safeParse(parsed.value);
    if (!result.success) throw new Error(`${file}: ${zodProblems(result.error, parsed.value).map(format).join("; ")}`);
    roles.set(result.data.key, result.data);
  }
  return roles;
}

/** Folders under roles/scenarios that hold a scenario.yaml. */
export function builtinScenarioFiles(rolesDir: string): string[] {
  const dir = join(rolesDir, "scenarios");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "scenario.yaml")))
    .map((d) => join(dir, d.name, "scenario.yaml"))
    .sort();
}

/** Loads a scenario.yaml; background.md and briefs/<role>.md beside it fill missing texts. */
export function loadScenarioFile(file: string, standard: ReadonlyMap<string, StandardRole>): LoadResult {
  if (!existsSync(file)) return { ok: false, file, problems: [{ where: "file", message: "does not exist" }] };
  const folder = join(file, "..");
  const result = loadScenarioText(readFileSync(file, "utf8"), standard, (name) => {
    const path = join(folder, name);
    return existsSync(path) ? readFileSync(path, "utf8") : undefined;
  });
  if (result.ok && basename(file) === "scenario.yaml" && basename(folder) !== result.scenario.slug) {
    return { ok: false, file, problems: [{ where: "slug", message: `must equal the folder name "${basename(folder)}"` }] };
  }
  return { ...result, file };
}

/**
 * Validates scenario YAML text. `readText` supplies companion Markdown files by relative
 * name; an uploaded single file has none, so its texts must be inline.
 */
export function loadScenarioText(
  yamlText: string,
  standard: ReadonlyMap<string, StandardRole>,
  readText: (name: string) => string | undefined = () => undefined,
): LoadResult {
  const file = "(scenario)";
  const parsed = parseYaml(yamlText);
  if (!parsed.ok) return { ok: false, file, problems: parsed.problems };
  const input = scenarioInputSchema.safeParse(parsed.value);
  if (!input.success) return { ok: false, file, problems: zodProblems(input.error, parsed.value) };

  const problems: ScenarioProblem[] = [];
  const resolved = resolve(input.data, standard, readText, problems);
  if (problems.length > 0) return { ok: false, file, problems };
  const scenario = scenarioSchema.safeParse(resolved);
  if (!scenario.success) return { ok: false, file, problems: zodProblems(scenario.error, resolved) };
  const ruleProblems = checkScenarioRules(scenario.data);
  if (ruleProblems.length > 0) return { ok: false, file, problems: ruleProblems };
  return { ok: true, file, scenario: scenario.data, contentHash: hashScenario(scenario.data) };
}

export function hashScenario(scenario: Scenario): string {
  return createHash("sha256").update(JSON.stringify(scenario)).digest("hex");
}

function resolve(
  input: ScenarioInput,
  standard: ReadonlyMap<string, StandardRole>,
  readText: (name: string) => string | undefined,
  problems: ScenarioProblem[],
): unknown {
  const background = input.background ?? readText("background.md");
  if (!background?.trim()) problems.push({ where: "background", message: "is missing (write it inline or in background.md)" });
  const roles = input.roles.map((role) => {
    const base = role.uses ? standard.get(role.uses) : undefined;
    if (role.uses && !base)
      problems.push({ where: `roles › ${role.key} › uses`, message: `no standard role "${role.uses}" in roles/standard` });
    const where = `roles › ${role.key}`;
    const name = role.name ?? base?.name;
    const profile = role.profile ?? base?.profile;
    const permissions = role.permissions ?? base?.permissions;
    if (!name) problems.push({ where: `${where} › name`, message: "is missing (a role without uses: needs a name)" });
    if (!profile) problems.push({ where: `${where} › profile`, message: "is missing (a role without uses: needs a public profile)" });
    if (!permissions) problems.push({ where: `${where} › permissions`, message: "is missing (a role without uses: needs permissions)" });
    const brief = role.brief ?? readText(`briefs/${role.key}.md`);
    if (!brief?.trim()) problems.push({ where: `${where} › brief`, message: `is missing (write it inline or in briefs/${role.key}.md)` });
    return { ...role, name, profile, permissions, brief };
  });
  return { ...input, background, roles };
}

type Parsed = { ok: true; value: unknown } | { ok: false; problems: ScenarioProblem[] };

// Aliases that expand into more nodes than this are refused: nested anchors ("billion
// laughs") would otherwise build an enormous object from a few lines of upload.
const MAX_ALIAS_COUNT = 100;

function parseYaml(text: string): Parsed {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        where: e.linePos ? `line ${e.linePos[0].line}` : "file",
        message: `is not valid YAML: ${e.message.split("\n")[0]}`,
      })),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (error) {
    // The yaml package resolves aliases only here, and signals an excessive or an
    // unresolved alias with a ReferenceError; anything else is a bug of ours.
    if (!(error instanceof ReferenceError)) throw error;
    const message = /excessive alias count/i.test(error.message)
      ? `expands its aliases (*name) too often (at most ${MAX_ALIAS_COUNT} expansions); write the values out instead`
      : `is not valid YAML: ${error.message.split("\n")[0]}`;
    return { ok: false, problems: [{ where: "file", message }] };
  }
}

/** Turns zod issues into instructor-readable problems, naming list items by their key. */
function zodProblems(error: z.ZodError, raw: unknown): ScenarioProblem[] {
  return error.issues.map((issue) => {
    const parts: string[] = [];
    let node: unknown = raw;
    for (const segment of issue.path) {
      const next = node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[segment as PropertyKey] : undefined;
      if (typeof segment === "number") {
        const key = next !== null && typeof next === "object" && "key" in next ? String(next.key) : undefined;
        parts.push(key ?? `item ${segment + 1}`);
      } else parts.push(String(segment));
      node = next;
    }
    const message = issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message;
    return { where: parts.join(" › ") || "file", message };
  });
}

export function format(problem: ScenarioProblem): string {
  return `${problem.where}: ${problem.message}`;
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}
