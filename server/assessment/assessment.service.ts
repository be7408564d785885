// Assessing people against their role's rubric: the facilitator's desk, saving scores and
// feedback, pinning evidence, releasing, and what a participant reads once released.
// Every event shown or pinned is read through the debrief's visibility (replay.visibleLog),
// twice: an assessment shows only what the person's seat could see and its reader may read.
import { z } from "zod";
import type { EventDto } from "../../lib/contract/events";
import { fail, issuesFrom, ok, type Result } from "../../lib/contract/result";
import { rubricFor } from "../../lib/scenario/rubric";
import type { Criterion, Scenario } from "../../lib/scenario/scenario.schema";
import {
  evidenceProblem,
  mayAssess,
  scoreProblems,
  totalOf,
  withEvidence,
  type EvidenceItem,
  type Total,
} from "../domain/assessment-rules";
import { decide, type Actor } from "../domain/authorization";
import { activityOf, type PersonActivity } from "../domain/person-activity";
import { objectivesOf, type ReplayService } from "../debrief/replay.service";
import type { AssessedPerson, AssessmentRepository, StoredAssessment } from "../storage/assessment.repository";
import type { AuditRepository } from "../storage/audit.repository";
import type { GradePassback, GradeStatus } from "./grade-passback";

export const FEEDBACK_MAX = 5000;
export const NOTE_MAX = 500;

export const saveInputSchema = z.strictObject({
  scores: z.record(z.string().min(1).max(60), z.number().min(0).max(100)).optional(),
  feedback: z.string().max(FEEDBACK_MAX, `keep feedback under ${FEEDBACK_MAX} characters`).optional(),
});
export const evidenceInputSchema = z.strictObject({
  /** A criterion key, or "" for evidence about the whole assessment. */
  criterion: z.string().max(60),
  seq: z.number().int().min(1),
  note: z.string().trim().max(NOTE_MAX, `keep the note under ${NOTE_MAX} characters`).default(""),
});
export const releaseInputSchema = z.strictObject({ userIds: z.array(z.string().min(1)).min(1).max(500).optional() });

type Activity = Omit<PersonActivity, "contributions">;

/** What a person reads of their assessment (and what its print page shows). */
export interface AssessmentReport {
  exercise: { id: string; title: string; scenarioTitle: string };
  person: { userId: string; name: string; roleKey: string; roleName: string };
  status: "draft" | "released";
  releasedAt: string | null;
  criteria: (Criterion & { points: number | null })[];
  total: Total;
  feedback: string;
  evidence: (EvidenceItem & { event: EventDto })[];
  objectives: { id: string; text: string; met: boolean }[];
  activity: Activity;
}

/** One row of the facilitator's desk. */
export interface DeskPerson extends AssessmentReport {
  removed: boolean;
  contributions: EventDto[];
  grade: GradeStatus | null;
}

export interface AssessmentDesk {
  exercise: { id: string; title: string; status: string; scenarioTitle: string };
  people: DeskPerson[];
  lms: { platformName: string; contextTitle: string | null } | null;
  observersAssess: boolean;
  facilitator: boolean;
}

export interface AssessmentDeps {
  repo: AssessmentRepository;
  audit: AuditRepository;
  replay: ReplayService;
  grades: GradePassback;
  now: () => number;
}

const summary = ({ contributions: _omit, ...rest }: PersonActivity): Activity => rest;
const personActor = (p: { userId: string; roleKey: string }): Actor => ({
  userId: p.userId,
  systemRole: "participant",
  seats: [{ seat: "participant", roleKey: p.roleKey }],
});
const shown = (report: AssessmentReport | null): Result<AssessmentReport> => (report ? ok(report) : fail("not_found", "No such exercise"));

export function createAssessmentService(deps: AssessmentDeps) {
  const { repo, audit, replay, grades } = deps;

  function report(
    exercise: { id: string; title: string; settings: string },
    scenario: Scenario,
    person: Pick<AssessedPerson, "userId" | "displayName" | "roleKey">,
    stored: StoredAssessment | null,
    events: readonly EventDto[],
  ): AssessmentReport {
    const criteria = rubricFor(scenario, person.roleKey);
    const scores = stored?.scores ?? {};
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    const activity = activityOf(events, person.userId);
    return {
      exercise: { id: exercise.id, title: exercise.title, scenarioTitle: scenario.title },
      person: {
        userId: person.userId,
        name: person.displayName,
        roleKey: person.roleKey,
        roleName: scenario.roles.find((r) => r.key === person.roleKey)?.name ?? person.roleKey,
      },
      status: stored?.status ?? "draft",
      releasedAt: stored?.releasedAt?.toISOString() ?? null,
      criteria: criteria.map((c) => ({ ...c, points: scores[c.key] ?? null })),
      total: totalOf(criteria, scores),
      feedback: stored?.feedback ?? "",
      // Only events in the events given: a declassification undone since the pin hides it again.
      evidence: (stored?.evidence ?? []).flatMap((e) => {
        const event = bySeq.get(e.seq);
        return event ? [{ ...e, event }] : [];
      }),
      objectives: objectivesOf(scenario, exercise.settings, person.roleKey),
      activity: summary(activity),
    };
  }

  /** Whether the actor may score in this exercise (the facilitator, or an allowed observer). */
  async function assessor(actor: Actor, exerciseId: string): Promise<boolean> {
    return mayAssess(actor, await repo.observersAssess(exerciseId));
  }

  /**
   * What of the log one person's assessment may show one reader: the events the person's
   * seat could see (their role's debrief view, read now) that the reader may read too, in the
   * reader's copy. An answer that carries an assessment reads it as `assessment`, the desk's
   * purpose (the facilitator's full view after the end is an audited opening); a `check`
   * returns nothing to read and writes nothing.
   */
  async function readableLog(
    actor: Actor,
    exerciseId: string,
    person: { userId: string; roleKey: string },
    purpose: "assessment" | "check",
  ) {
    const seat = await replay.visibleLog(personActor(person), exerciseId, undefined, "check");
    const reader = seat ? await replay.visibleLog(actor, exerciseId, undefined, purpose) : null;
    if (!seat || !reader) return null;
    const seen = new Set(seat.events.map((e) => e.seq));
    return { exercise: reader.exercise, scenario: reader.scenario, events: reader.events.filter((e) => seen.has(e.seq)) };
  }

  /** The one way an assessment is shown: evidence and activity from `readableLog` only. */
  async function readableReport(
    actor: Actor,
    exerciseId: string,
    person: AssessedPerson,
    stored: StoredAssessment | null,
  ): Promise<AssessmentReport | null> {
    const log = await readableLog(actor, exerciseId, person, "assessment");
    return log ? report(log.exercise, log.scenario, person, stored, log.events) : null;
  }

  async function personIn(exerciseId: string, userId: string): Promise<AssessedPerson | undefined> {
    return (await repo.people(exerciseId)).find((p) => p.userId === userId);
  }

  /** Sends a released assessment's total to the LMS when the exercise is linked to one. */
  async function passBack(exerciseId: string, userId: string): Promise<void> {
    const [scenario, stored] = await Promise.all([repo.scenarioOf(exerciseId), repo.of(exerciseId, userId)]);
    if (!scenario || !stored || stored.status !== "released" || !stored.roleKey) return;
    const total = totalOf(rubricFor(scenario, stored.roleKey), stored.scores);
    if (total.max === 0) return;
    await grades.postScore({
      assessmentId: stored.id,
      exerciseId,
      userId,
      scoreGiven: total.given,
      scoreMaximum: total.max,
      ...(stored.feedback ? { comment: stored.feedback } : {}),
    });
  }

  return {
    /** Whether the actor may use the desk (the facilitator, or an observer they allow). */
    canAssess: (actor: Actor, exerciseId: string) => assessor(actor, exerciseId),

    async desk(actor: Actor, exerciseId: string): Promise<Result<AssessmentDesk>> {
      if (!(await assessor(actor, exerciseId))) return fail("forbidden", "Only the facilitator (and observers they allow) assess");
      const log = await replay.visibleLog(actor, exerciseId, undefined, "assessment");
      if (!log) return fail("not_found", "No such exercise");
      const [people, stored, statuses, lms, observersAssess] = await Promise.all([
        repo.people(exerciseId),
        repo.forExercise(exerciseId),
        grades.statuses(exerciseId),
        grades.linkOf(exerciseId),
        repo.observersAssess(exerciseId),
      ]);
      const facilitator = decide(actor, "exercise:manage").allowed;
      const byUser = new Map(stored.map((a) => [a.userId, a]));
      return ok({
        exercise: { id: log.exercise.id, title: log.exercise.title, status: log.exercise.status, scenarioTitle: log.scenario.title },
        people: people.map((p) => ({
          ...report(log.exercise, log.scenario, p, byUser.get(p.userId) ?? null, log.events),
          removed: p.removed,
          contributions: activityOf(log.events, p.userId).contributions,
          grade: statuses.get(p.userId) ?? null,
        })),
        lms,
        observersAssess,
        /** Releasing, sending grades and letting observers assess are the facilitator's. */
        facilitator,
      });
    },

    /** The facilitator lets observers assess (as second markers), or stops them. */
    async setObserversAssess(actor: Actor, exerciseId: string, raw: unknown): Promise<Result<{ observersAssess: boolean }>> {
      if (!decide(actor, "exercise:manage").allowed) return fail("forbidden", "Only the facilitator decides who assesses");
      const input = z.strictObject({ observersAssess: z.boolean() }).safeParse(raw);
      if (!input.success) return fail("invalid_payload", "Say whether observers may assess", issuesFrom(input.error));
      await repo.setObserversAssess(exerciseId, input.data.observersAssess);
      await audit.record({
        action: "assessment.observers",
        actorUserId: actor.userId,
        exerciseId,
        detail: { observersAssess: input.data.observersAssess },
      });
      return ok(input.data);
    },

    async save(actor: Actor, exerciseId: string, userId: string, raw: unknown): Promise<Result<AssessmentReport>> {
      if (!(await assessor(actor, exerciseId))) return fail("forbidden", "Only the facilitator (and observers they allow) assess");
      const input = saveInputSchema.safeParse(raw);
      if (!input.success) return fail("invalid_payload", "This assessment is not valid", issuesFrom(input.error));
      const person = await personIn(exerciseId, userId);
      const scenario = person ? await repo.scenarioOf(exerciseId) : null;
      if (!person || !scenario) return fail("not_found", "This person did not play a role in this exercise");
      const criteria = rubricFor(scenario, person.roleKey);
      const problems = scoreProblems(criteria, input.data.scores ?? {});
      if (problems.length > 0)
        return fail(
          "invalid_payload",
          "A score is not one of its criterion's levels",
          problems.map((p) => ({ path: `scores.${p.criterion}`, message: p.message })),
        );
      const { scores, feedback } = input.data;
      const saved = await repo.change(exerciseId, userId, { roleKey: person.roleKey, assessorUserId: actor.userId }, (current) => ({
        ...(scores ? { scores: { ...(current?.scores ?? {}), ...scores } } : {}),
        ...(feedback !== undefined ? { feedback } : {}),
      }));
      // A correction to a released assessment reaches the LMS too.
      if (saved.status === "released") await passBack(exerciseId, userId);
      return shown(await readableReport(actor, exerciseId, person, saved));
    },

    /** Pins an event to a criterion: one the person's seat could see and the assessor may read. */
    async pin(actor: Actor, exerciseId: string, userId: string, raw: unknown): Promise<Result<AssessmentReport>> {
      if (!(await assessor(actor, exerciseId))) return fail("forbidden", "Only the facilitator (and observers they allow) assess");
      const input = evidenceInputSchema.safeParse(raw);
      if (!input.success) return fail("invalid_payload", "This evidence is not valid", issuesFrom(input.error));
      const person = await personIn(exerciseId, userId);
      const log = person ? await readableLog(actor, exerciseId, person, "check") : null;
      if (!person || !log) return fail("not_found", "This person did not play a role in this exercise");
      const problem = evidenceProblem(rubricFor(log.scenario, person.roleKey), input.data, new Set(log.events.map((e) => e.seq)));
      if (problem)
        return fail("invalid_payload", `This evidence ${problem}`, [
          { path: problem.includes("criterion") ? "criterion" : "seq", message: problem },
        ]);
      const item = input.data;
      const saved = await repo.change(exerciseId, userId, { roleKey: person.roleKey, assessorUserId: actor.userId }, (current) => ({
        evidence: withEvidence(current?.evidence ?? [], item),
      }));
      return shown(await readableReport(actor, exerciseId, person, saved));
    },

    async unpin(actor: Actor, exerciseId: string, userId: string, raw: unknown): Promise<Result<AssessmentReport>> {
      if (!(await assessor(actor, exerciseId))) return fail("forbidden", "Only the facilitator (and observers they allow) assess");
      const input = evidenceInputSchema.pick({ criterion: true, seq: true }).safeParse(raw);
      if (!input.success) return fail("invalid_payload", "This evidence is not valid", issuesFrom(input.error));
      const person = await personIn(exerciseId, userId);
      const current = await repo.of(exerciseId, userId);
      if (!person || !current) return fail("not_found", "There is no such evidence");
      const { seq, criterion } = input.data;
      const saved = await repo.change(exerciseId, userId, { roleKey: person.roleKey, assessorUserId: actor.userId }, (now) => ({
        evidence: (now?.evidence ?? []).filter((e) => !(e.seq === seq && e.criterion === criterion)),
      }));
      return shown(await readableReport(actor, exerciseId, person, saved));
    },

    /** Releases assessments (all that were started, or the people named) once the exercise has ended. */
    async release(actor: Actor, exerciseId: string, raw: unknown): Promise<Result<{ released: number }>> {
      if (!decide(actor, "exercise:manage").allowed) return fail("forbidden", "Only the facilitator releases assessments");
      const input = releaseInputSchema.safeParse(raw ?? {});
      if (!input.success) return fail("invalid_payload", "Name the people whose assessments to release", issuesFrom(input.error));
      const log = await replay.visibleLog(actor, exerciseId, undefined, "check");
      if (!log) return fail("not_found", "No such exercise");
      if (log.exercise.status !== "ended") return fail("conflict", "Assessments are released after the exercise has ended");
      // Only assessments with something written: an empty draft is not a result.
      const started = (await repo.forExercise(exerciseId))
        .filter((a) => a.status === "draft" && (Object.keys(a.scores).length > 0 || a.feedback !== "" || a.evidence.length > 0))
        .map((a) => a.userId);
      const userIds = input.data.userIds ? started.filter((id) => input.data.userIds?.includes(id)) : started;
      const released = await repo.release(exerciseId, userIds, new Date(deps.now()));
      await audit.record({ action: "assessment.released", actorUserId: actor.userId, exerciseId, detail: { people: userIds.length } });
      for (const userId of userIds) await passBack(exerciseId, userId);
      return ok({ released });
    },

    /** Sends a released assessment's score to the LMS again (after a failure). */
    async retryGrade(actor: Actor, exerciseId: string, userId: string): Promise<Result<GradeStatus | null>> {
      if (!decide(actor, "exercise:manage").allowed) return fail("forbidden", "Only the facilitator sends grades");
      const stored = await repo.of(exerciseId, userId);
      if (!stored || stored.status !== "released") return fail("conflict", "Only a released assessment is sent to the LMS");
      await passBack(exerciseId, userId);
      return ok((await grades.statuses(exerciseId)).get(userId) ?? null);
    },

    /**
     * A person's released assessment as they read it: the caller's own, or (assessors) anyone's.
     * Evidence is what the person's seat could see and the caller may read (readableLog).
     */
    async reportFor(actor: Actor, exerciseId: string, userId: string): Promise<Result<AssessmentReport | { status: "pending" }>> {
      const staff = await assessor(actor, exerciseId);
      if (!staff && actor.userId !== userId) return fail("forbidden", "You may read only your own assessment");
      if (!decide(actor, "exercise:view").allowed) return fail("forbidden", "You have no seat in this exercise");
      const person = await personIn(exerciseId, userId);
      const stored = person ? await repo.of(exerciseId, userId) : null;
      if (!person) return fail("not_found", "This person did not play a role in this exercise");
      if (!staff && stored?.status !== "released") return ok({ status: "pending" as const });
      return shown(await readableReport(actor, exerciseId, person, stored));
    },
  };
}
export type AssessmentService = ReturnType<typeof createAssessmentService>;
