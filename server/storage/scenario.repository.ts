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
  /** Who uploaded it (uploads only). */
  uploadedById?: string;
}

export interface ScenarioRepository {
  /** Stores a scenario version once; the same slug and hash return the stored row. */
  save(record: ScenarioRecord): Promise<Scenario>;
  find(id: string): Promise<Scenario | null>;
  /** The newest version of each slug (a built-in one before any upload of its slug). */
  listLatest(options?: { builtinOnly?: boolean }): Promise<Scenario[]>;
  /** Who holds a slug: a built-in scenario, or the users who uploaded it. */
  holdersOf(slug: string): Promise<{ builtin: boolean; uploaders: string[] }>;
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
    async listLatest(options = {}) {
      const rows = await db.scenario.findMany({ where: options.builtinOnly ? { source: "builtin" } : {}, orderBy: { createdAt: "desc" } });
      // An upload stored before built-in slugs were protected never hides the built-in one.
      rows.sort((a, b) => Number(b.source === "builtin") - Number(a.source === "builtin"));
      const seen = new Set<string>();
      return rows.filter((r) => !seen.has(r.slug) && seen.add(r.slug)).sort((a, b) => a.title.localeCompare(b.title));
    },
    async holdersOf(slug) {
      const rows = await db.scenario.findMany({ where: { slug }, select: { source: true, uploadedById: true } });
      return {
        builtin: rows.some((r) => r.source === "builtin"),
        uploaders: [...new Set(rows.flatMap((r) => (r.uploadedById ? [r.uploadedById] : [])))],
      };
    },
  };
}
