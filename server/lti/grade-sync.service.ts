// Released assessments go to the course's grade column (AGS) as scores, one per person,
// each with its last outcome kept (LtiGradeSync) so the facilitator sees who got theirs
// and can send again. Grades may go days after the launch: the token is Parley's own.
import { z } from "zod";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import type { ExerciseRepository } from "../storage/exercise.repository";
import type { AgsClient } from "./ags.client";
import type { LtiPeople } from "./lti-people";
import type { Platform, PlatformRepository } from "./platform.repository";
import type { ResourceLinks } from "./resource-links";
import { LtiServiceError } from "./service-token";

export const scoreInputSchema = z.object({
  assessmentId: z.string().min(1),
  exerciseId: z.string().min(1),
  userId: z.string().min(1),
  scoreGiven: z.number().finite().min(0),
  scoreMaximum: z.number().finite().positive(),
  comment: z.string().max(10_000).optional(),
});
export type ScoreInput = z.infer<typeof scoreInputSchema>;

export type PostScoreResult = { status: "sent" | "failed" | "not_linked"; error?: string };

export interface GradeStatus {
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
}

export interface GradeSyncDeps {
  db: Db;
  platforms: PlatformRepository;
  links: ResourceLinks;
  people: LtiPeople;
  exercises: ExerciseRepository;
  ags: AgsClient;
  now(): number;
  logger?: Logger;
}

export function createGradeSync(deps: GradeSyncDeps) {
  const { db, links, now } = deps;

  async function lineItemOf(platform: Platform, exerciseId: string, scoreMaximum: number): Promise<string> {
    const link = await links.forExercise(exerciseId);
    if (link?.lineItemUrl) return link.lineItemUrl;
    if (!link?.lineItemsUrl)
      throw new LtiServiceError("The course offers no grade column for this exercise (Assignment and Grade Services are off)");
    const title = (await deps.exercises.find(exerciseId))?.title ?? "Parley exercise";
    const lineItemUrl = await deps.ags.ensureLineItem(platform, link.lineItemsUrl, {
      resourceId: exerciseId,
      label: title,
      scoreMaximum,
      resourceLinkId: link.resourceLinkId,
    });
    await links.record(link.id, { lineItemUrl });
    return lineItemUrl;
  }

  return {
    async linkOf(exerciseId: string): Promise<{ platformName: string; contextTitle: string | null } | null> {
      const link = await links.forExercise(exerciseId);
      const platform = link ? await deps.platforms.find(link.platformId) : null;
      return link && platform ? { platformName: platform.name, contextTitle: link.contextTitle } : null;
    },

    async postScore(raw: ScoreInput): Promise<PostScoreResult> {
      const input = scoreInputSchema.parse(raw);
      const link = await links.forExercise(input.exerciseId);
      const platform = link ? await deps.platforms.find(link.platformId) : null;
      const subject = platform ? await deps.people.subjectOf(platform.id, input.userId) : null;
      if (!platform || !subject) return { status: "not_linked" };
      const score = { scoreGiven: input.scoreGiven, scoreMaximum: input.scoreMaximum };
      await db.ltiGradeSync.upsert({
        where: { assessmentId: input.assessmentId },
        create: { assessmentId: input.assessmentId, status: "pending", attempts: 1, ...score },
        update: { status: "pending", attempts: { increment: 1 }, ...score },
      });
      try {
        const lineItemUrl = await lineItemOf(platform, input.exerciseId, input.scoreMaximum);
        await deps.ags.postScore(platform, lineItemUrl, {
          userId: subject,
          ...score,
          ...(input.comment ? { comment: input.comment } : {}),
          timestamp: new Date(now()).toISOString(),
        });
        await db.ltiGradeSync.update({
          where: { assessmentId: input.assessmentId },
          data: { status: "sent", lastError: null, sentAt: new Date(now()) },
        });
        return { status: "sent" };
      } catch (error) {
        if (!(error instanceof LtiServiceError))
          deps.logger?.error({ err: error, assessmentId: input.assessmentId }, "posting a score to the LMS failed");
        const message = error instanceof LtiServiceError ? error.message : "Parley could not send the score";
        await db.ltiGradeSync.update({ where: { assessmentId: input.assessmentId }, data: { status: "failed", lastError: message } });
        return { status: "failed", error: message };
      }
    },

    async gradeStatuses(exerciseId: string): Promise<Map<string, GradeStatus>> {
      const rows = await db.ltiGradeSync.findMany({
        where: { assessment: { exerciseId } },
        include: { assessment: { select: { userId: true } } },
      });
      return new Map(
        rows.map((r) => [r.assessment.userId, { status: r.status, attempts: r.attempts, lastError: r.lastError, sentAt: r.sentAt }]),
      );
    },
  };
}
export type GradeSync = ReturnType<typeof createGradeSync>;
