import type { Db } from "../db/client";
import type { Scenario } from "../db/generated/sqlite/client";

export interface ScenarioRecord {
  slug: string;
  contentHash: string;
  title: string;
  source: "builtin" | "upload";
  /** The validated scenario, serialised. */
  definition: unknown;
}

export interface ScenarioRepository {
  /** Stores a scenario version once; the same slug and hash return the stored row. */
  save(record: ScenarioRecord): Promise<Scenario>;
  find(id: string): Promise<Scenario | null>;
  /** The newest version of each slug. */
  listLatest(): Promise<Scenario[]>;
}

export function createScenarioRepository(db: Db): ScenarioRepository {
  return {
    save(record) {
      const data = { ...record, definition: JSON.stringify(record.definition) };
      return db.scenario.upsert({
        where: { slug_contentHash: { slug: record.slug, contentHash: record.contentHash } },
        create: data,
        update: {},
      });
    },
    find(id) {
      return db.scenario.findUnique({ where: { id } });
    },
    async listLatest() {
      const rows = await db.scenario.findMany({ orderBy: { createdAt: "desc" } });
      const seen = new Set<string>();
      return rows.filter((r) => !seen.has(r.slug) && seen.add(r.slug)).sort((a, b) => a.title.localeCompare(b.title));
    },
  };
}
