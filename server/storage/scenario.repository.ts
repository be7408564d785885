import { isUniqueViolation } from "../db/errors";
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
    async save(record) {
      const data = { ...record, definition: JSON.stringify(record.definition) };
      const where = { slug_contentHash: { slug: record.slug, contentHash: record.contentHash } };
      try {
        return await db.scenario.upsert({ where, create: data, update: {} });
      } catch (error) {
        // Several nodes starting at once store the same built-in version together: the
        // one that lost the race reads the row the other wrote.
        if (!isUniqueViolation(error)) throw error;
        return db.scenario.findUniqueOrThrow({ where });
      }
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
