import type { ScenarioRepository } from "../storage/scenario.repository";
import { builtinScenarioFiles, format, loadScenarioFile, loadStandardRoles } from "./scenario-loader";

/** Validates every built-in scenario and stores its current version (slug + content hash). */
export async function syncBuiltinScenarios(rolesDir: string, repo: ScenarioRepository) {
  const standard = loadStandardRoles(rolesDir);
  const stored = [];
  for (const file of builtinScenarioFiles(rolesDir)) {
    const result = loadScenarioFile(file, standard);
    if (!result.ok) throw new Error(`Built-in scenario ${file} is invalid:\n${result.problems.map(format).join("\n")}`);
    stored.push(
      await repo.save({
        slug: result.scenario.slug,
        contentHash: result.contentHash,
        title: result.scenario.title,
        source: "builtin",
        definition: result.scenario,
      }),
    );
  }
  return stored;
}
