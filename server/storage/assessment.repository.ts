// Assessments as stored: one row per person and exercise, scores and evidence as JSON.
import { z } from "zod";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { EvidenceItem, Scores } from "../domain/assessment-rules";
import { parseScenario } from "../../lib/scenario/parse-scenario";
import type { Scenario } from "../../lib/scenario/scenario.schema";

const assessmentSettings = z.object({ observersAssess: z.boolean().default(false) }).loose();
const scoresSchema = z.record(z.string(), z.number());
const evidenceSchema = z.array(z.object({ criterion: z.string(), seq: z.number().int(), note: z.string() }));

export interface AssessmentEdit {
  scores?: Scores;
  feedback?: string;
  evidence?: EvidenceItem[];
}

export interface StoredAssessment {
  id: string;
  userId: string;
  roleKey: string | null;
  scores: Scores;
  evidence: EvidenceItem[];
  feedback: string;
  status: "draft" | "released";
  assessorUserId: string | null;
  releasedAt: Date | null;
  updatedAt: Date;
}

/** A person who played a role in the exercise: their last role, even if later removed. */
export interface AssessedPerson {
  userId: string;
  displayName: string;
  roleKey: string;
  removed: boolean;
}

type Row = {
  id: string;
  userId: string;
  roleKey: string | null;
  scores: string;
  evidence: string;
  feedback: string;
  status: string;
  assessorUserId: string | null;
  releasedAt: Date | null;
  updatedAt: Date;
};

function fromRow(row: Row): StoredAssessment {
  return {
    id: row.id,
    userId: row.userId,
    roleKey: row.roleKey,
    scores: scoresSchema.parse(JSON.parse(row.scores)),
    evidence: evidenceSchema.parse(JSON.parse(row.evidence)),
    feedback: row.feedback,
    status: row.status === "released" ? "released" : "draft",
    assessorUserId: row.assessorUserId,
    releasedAt: row.releasedAt,
    updatedAt: row.updatedAt,
  };
}

export function createAssessmentRepository(db: Db) {
  return {
    async forExercise(exerciseId: string): Promise<StoredAssessment[]> {
      return (await db.assessment.findMany({ where: { exerciseId } })).map(fromRow);
    },

    async of(exerciseId: string, userId: string): Promise<StoredAssessment | null> {
      const row = await db.assessment.findUnique({ where: { exerciseId_userId: { exerciseId, userId } } });
      return row ? fromRow(row) : null;
    },

    /**
     * Applies an edit to the person's assessment (created on first edit). Each write
     * applies only to the revision it read and is retried on a newer one, so two saves
     * at once (two criteria scored quickly, two facilitators) both land.
     */
    async change(
      exerciseId: string,
      userId: string,
      by: { roleKey: string; assessorUserId: string },
      edit: (current: StoredAssessment | null) => AssessmentEdit,
    ): Promise<StoredAssessment> {
      for (let attempt = 0; attempt < 50; attempt++) {
        const row = await db.assessment.findUnique({ where: { exerciseId_userId: { exerciseId, userId } } });
        const patch = edit(row ? fromRow(row) : null);
        const fields = {
          roleKey: by.roleKey,
          assessorUserId: by.assessorUserId,
          ...(patch.scores ? { scores: JSON.stringify(patch.scores) } : {}),
          ...(patch.feedback !== undefined ? { feedback: patch.feedback } : {}),
          ...(patch.evidence ? { evidence: JSON.stringify(patch.evidence) } : {}),
        };
        if (!row) {
          try {
            return fromRow(await db.assessment.create({ data: { exerciseId, userId, ...fields } }));
          } catch (error) {
            if (isUniqueViolation(error)) continue;
            throw error;
          }
        }
        const { count } = await db.assessment.updateMany({
          where: { id: row.id, revision: row.revision },
          data: { ...fields, revision: { increment: 1 } },
        });
        if (count === 1) return fromRow(await db.assessment.findUniqueOrThrow({ where: { id: row.id } }));
      }
      throw new Error("The assessment kept changing while it was saved");
    },

    /** Releases the assessments of these people (creating empty ones for people not yet assessed is the caller's choice). */
    async release(exerciseId: string, userIds: readonly string[], at: Date): Promise<number> {
      const { count } = await db.assessment.updateMany({
        where: { exerciseId, userId: { in: [...userIds] }, status: "draft" },
        data: { status: "released", releasedAt: at },
      });
      return count;
    },

    /** Whether the facilitator lets observers assess (kept with the exercise's settings). */
    async observersAssess(exerciseId: string): Promise<boolean> {
      const row = await db.exercise.findUnique({ where: { id: exerciseId }, select: { settings: true } });
      return row ? assessmentSettings.parse(JSON.parse(row.settings || "{}")).observersAssess : false;
    },

    async setObserversAssess(exerciseId: string, on: boolean): Promise<void> {
      await db.$transaction(async (tx) => {
        const row = await tx.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { settings: true } });
        const settings = { ...(JSON.parse(row.settings || "{}") as Record<string, unknown>), observersAssess: on };
        await tx.exercise.update({ where: { id: exerciseId }, data: { settings: JSON.stringify(settings) } });
      });
    },

    /** The scenario the exercise runs (stored definitions were validated when saved). */
    async scenarioOf(exerciseId: string): Promise<Scenario | null> {
      const row = await db.exercise.findUnique({ where: { id: exerciseId }, select: { scenario: { select: { definition: true } } } });
      return row ? parseScenario(row.scenario.definition) : null;
    },

    async people(exerciseId: string): Promise<AssessedPerson[]> {
      const rows = await db.roleAssignment.findMany({
        where: { exerciseId, seat: "participant", roleKey: { not: null } },
        include: { user: { select: { displayName: true } } },
        orderBy: [{ removedAt: { sort: "desc", nulls: "first" } }, { assignedAt: "desc" }],
      });
      const people = new Map<string, AssessedPerson>();
      for (const r of rows) {
        if (people.has(r.userId) || r.roleKey === null) continue;
        people.set(r.userId, { userId: r.userId, displayName: r.user.displayName, roleKey: r.roleKey, removed: r.removedAt !== null });
      }
      return [...people.values()].sort((a, b) => a.roleKey.localeCompare(b.roleKey) || a.displayName.localeCompare(b.displayName));
    },
  };
}
export type AssessmentRepository = ReturnType<typeof createAssessmentRepository>;
