// npm run scenarios:check [paths…]
// Validates the built-in scenarios (or the given scenario.yaml files or folders) and
// prints one line per scenario; exits non-zero if any is invalid.
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { builtinScenarioFiles, displayPath, format, loadScenarioFile, loadStandardRoles } from "../server/scenarios/scenario-loader";

const rolesDir = resolve(import.meta.dirname, "../roles");
const args = process.argv.slice(2);
const files = args.length > 0 ? args.map(toScenarioFile) : builtinScenarioFiles(rolesDir);
const standard = loadStandardRoles(rolesDir);

let failed = 0;
for (const file of files) {
  const result = loadScenarioFile(file, standard);
  if (result.ok) {
    const s = result.scenario;
    process.stdout.write(`ok    ${s.slug.padEnd(24)} ${s.roles.length} roles · ${s.phases.length} phases · ${s.injects.length} injects\n`);
  } else {
    failed++;
    process.stdout.write(`FAIL  ${displayPath(file)}\n`);
    for (const problem of result.problems) process.stdout.write(`      ${format(problem)}\n`);
  }
}
process.stdout.write(`${files.length - failed} valid, ${failed} invalid\n`);
process.exit(failed > 0 ? 1 : 0);

function toScenarioFile(path: string): string {
  const full = resolve(path);
  return existsSync(full) && statSync(full).isDirectory() ? join(full, "scenario.yaml") : full;
}
