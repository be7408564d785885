// Scenarios as the UI lists them, and uploads: validated in full before anything is saved.
import { totalMinutes } from "../../lib/scenario/scenario-rules";
import { scenarioViewFor, type ScenarioView } from "../domain/scenario-view";
import { parseScenario } from "../../lib/scenario/parse-scenario";
import type { ScenarioRepository } from "../storage/scenario.repository";
import { loadScenarioText, loadStandardRoles } from "./scenario-loader";
import type { ScenarioProblem } from "../../lib/scenario/scenario-rules";

export interface ScenarioSummary {
  id: string;
  slug: string;
  title: string;
  summary: string;
  source: string;
  roles: { key: string; name: string }[];
  phases: number;
  minutes: number;
}

export function createScenarioCatalog(repo: ScenarioRepository, rolesDir: string) {
  return {
    async list(): Promise<ScenarioSummary[]> {
      return (await repo.listLatest()).map((row) => {
        const s = parseScenario(row.definition);
        return {
          id: row.id,
          slug: s.slug,
          title: s.title,
          summary: s.summary,
          source: row.source,
          roles: s.roles.map((r) => ({ key: r.key, name: r.name })),
          phases: s.phases.length,
          minutes: totalMinutes(s),
        };
      });
    },
    /** The whole scenario with every brief: for facilitators only (checked by the caller). */
    async full(id: string): Promise<(ScenarioView & { id: string }) | null> {
      const row = await repo.find(id);
      return row ? { id: row.id, ...scenarioViewFor(parseScenario(row.definition), { kind: "staff" }) } : null;
    },
    /**
     * Stores an uploaded scenario for its uploader. A slug belongs to whoever first stored it:
     * a built-in scenario's slug cannot be uploaded at all, and another facilitator's only by
     * an admin, so nobody replaces what others run (or what the landing page shows).
     */
    async upload(
      yamlText: string,
      uploader: { userId: string; admin: boolean },
    ): Promise<{ ok: true; id: string; slug: string } | { ok: false; problems: ScenarioProblem[] }> {
      const result = loadScenarioText(yamlText, loadStandardRoles(rolesDir));
      if (!result.ok) return { ok: false, problems: result.problems };
      const slug = result.scenario.slug;
      const holders = await repo.holdersOf(slug);
      if (holders.builtin)
        return { ok: false, problems: [{ where: "slug", message: `"${slug}" is a built-in scenario's slug; give yours another slug` }] };
      if (!uploader.admin && holders.uploaders.some((u) => u !== uploader.userId)) {
        return {
          ok: false,
          problems: [{ where: "slug", message: `"${slug}" belongs to a scenario another facilitator uploaded; give yours another slug` }],
        };
      }
      const row = await repo.save({
        slug,
        contentHash: result.contentHash,
        title: result.scenario.title,
        source: "upload",
        definition: result.scenario,
        uploadedById: uploader.userId,
      });
      return { ok: true, id: row.id, slug: row.slug };
    },
  };
}
export type ScenarioCatalog = ReturnType<typeof createScenarioCatalog>;
