// Grades (AGS) and the course roster (NRPS) against the test LMS: scores arrive for the
// right platform user, failures are kept with their reason and can be sent again, scores
// go days after the launch with Parley's own token, and the roster fills the lobby.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instructor, learner, startLtiWorld, type LtiWorld } from "./lti-fixture";
import { ROLES, type PlacedLink } from "./test-platform";

describe("LTI grades and roster", () => {
  let world: LtiWorld;
  let link: PlacedLink;
  let exerciseId: string;
  let teacherCookie: string;
  const db = () => world.parley.context.db.prisma;
  const lti = () => world.parley.context.services.lti;

  /** A learner who launched, with a released assessment. */
  async function assessed(n: number, on = { link, exerciseId }) {
    const out = await world.platform.launch({ user: learner(n), link: on.link });
    const userId = (await world.parley.context.sessions.fromCookieHeader(out.cookie))?.userId ?? "";
    const assessment = await db().assessment.create({
      data: { exerciseId: on.exerciseId, userId, status: "released", releasedAt: new Date() },
    });
    return { userId, assessmentId: assessment.id, sub: learner(n).sub };
  }

  beforeAll(async () => {
    world = await startLtiWorld();
    ({ link, exerciseId, cookie: teacherCookie } = await world.place(instructor()));
  });
  afterAll(async () => world.close());

  it("says which course an exercise is linked to", async () => {
    expect(await lti().linkOf(exerciseId)).toEqual({ platformName: "Test LMS", contextTitle: "Crisis Diplomacy 301" });
    expect(await lti().linkOf("no-such-exercise")).toBeNull();
  });

  it("posts a score to the line item for the learner's platform id", async () => {
    const a = await assessed(1);
    const result = await lti().postScore({
      assessmentId: a.assessmentId,
      exerciseId,
      userId: a.userId,
      scoreGiven: 17,
      scoreMaximum: 24,
      comment: "Well argued.",
    });
    expect(result).toEqual({ status: "sent" });
    expect(world.platform.scores.at(-1)).toMatchObject({
      lineItemId: link.lineItemUrl,
      userId: a.sub,
      scoreGiven: 17,
      scoreMaximum: 24,
      comment: "Well argued.",
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
    });
    expect((await lti().gradeStatuses(exerciseId)).get(a.userId)).toMatchObject({
      status: "sent",
      attempts: 1,
      lastError: null,
      sentAt: expect.any(Date),
    });
  });

  it("keeps a failure with its reason, and a retry sends it", async () => {
    const a = await assessed(2);
    world.platform.failNextScores(1, 500);
    const failed = await lti().postScore({ assessmentId: a.assessmentId, exerciseId, userId: a.userId, scoreGiven: 10, scoreMaximum: 24 });
    expect(failed).toEqual({ status: "failed", error: expect.stringContaining("500") });
    expect((await lti().gradeStatuses(exerciseId)).get(a.userId)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: expect.stringContaining("500"),
      sentAt: null,
    });
    const retried = await lti().postScore({ assessmentId: a.assessmentId, exerciseId, userId: a.userId, scoreGiven: 10, scoreMaximum: 24 });
    expect(retried).toEqual({ status: "sent" });
    expect((await lti().gradeStatuses(exerciseId)).get(a.userId)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect(world.platform.scores.filter((s) => s.userId === a.sub)).toHaveLength(1);
  });

  it("posts a score days after the launch, with a fresh client-credentials token", async () => {
    const a = await assessed(3);
    const tokensBefore = world.platform.tokenRequests;
    const days = 3 * 24 * 60 * 60_000;
    world.platform.time.advance(days);
    world.parley.time.advance(days);
    const result = await lti().postScore({ assessmentId: a.assessmentId, exerciseId, userId: a.userId, scoreGiven: 20, scoreMaximum: 24 });
    expect(result).toEqual({ status: "sent" });
    expect(world.platform.tokenRequests).toBe(tokensBefore + 1);
    expect(world.platform.scores.at(-1)).toMatchObject({ userId: a.sub, scoreGiven: 20 });
  });

  it("answers not_linked for someone who never came from the course, or an exercise not placed in one, and keeps no row", async () => {
    const local = await world.parley.context.services.users.create({ displayName: "Code joiner", systemRole: "participant", exerciseId });
    const assessment = await db().assessment.create({ data: { exerciseId, userId: local.id, status: "released" } });
    expect(await lti().postScore({ assessmentId: assessment.id, exerciseId, userId: local.id, scoreGiven: 1, scoreMaximum: 2 })).toEqual({
      status: "not_linked",
    });
    expect(await db().ltiGradeSync.count({ where: { assessmentId: assessment.id } })).toBe(0);
    const other = await db()
      .exercise.findFirstOrThrow({ where: { id: { not: exerciseId } }, select: { id: true } })
      .catch(() => ({ id: "none" }));
    expect(
      await lti().postScore({ assessmentId: assessment.id, exerciseId: other.id, userId: local.id, scoreGiven: 1, scoreMaximum: 2 }),
    ).toEqual({ status: "not_linked" });
  });

  it("creates the grade column when the platform made none (an exercise without a rubric), once", async () => {
    const yaml = readFileSync(join(import.meta.dirname, "../fixtures/minimal-scenario.yaml"), "utf8");
    const uploaded = await world.parley.context.services.catalog.upload(yaml, { userId: "admin", admin: true });
    if (!uploaded.ok) throw new Error(JSON.stringify(uploaded.problems));
    const placed = await world.place(instructor(), uploaded.id);
    expect(placed.link.lineItemUrl).toBeUndefined();
    const a = await assessed(4, placed);
    const b = await assessed(5, placed);
    expect(
      await lti().postScore({
        assessmentId: a.assessmentId,
        exerciseId: placed.exerciseId,
        userId: a.userId,
        scoreGiven: 3,
        scoreMaximum: 5,
      }),
    ).toEqual({ status: "sent" });
    expect(
      await lti().postScore({
        assessmentId: b.assessmentId,
        exerciseId: placed.exerciseId,
        userId: b.userId,
        scoreGiven: 4,
        scoreMaximum: 5,
      }),
    ).toEqual({ status: "sent" });
    const columns = world.platform.lineItems.filter((i) => i.resourceId === placed.exerciseId);
    expect(columns).toHaveLength(1);
    expect(world.platform.scores.filter((s) => s.lineItemId === columns[0]?.id).map((s) => s.userId)).toEqual([a.sub, b.sub]);
  });

  it("fills the lobby from the course roster: active learners only, page after page, each seated once", async () => {
    for (const n of [11, 12, 13, 14]) world.platform.addMember(learner(n));
    world.platform.addMember(learner(15, { status: "Inactive" }));
    world.platform.addMember({ sub: "ta-9", roles: [ROLES.teachingAssistant], name: "TA" });
    const response = await world.api(`/api/exercises/${exerciseId}/lti/roster`, { cookie: teacherCookie, body: {} });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { added: number; alreadySeated: number } };
    // Learners 1-3 launched into it; 4 and 5 (course members, seated in the other exercise) and 11-14 are new;
    // 15 is inactive; the teachers and the TA are not learners.
    expect(data).toEqual({ added: 6, alreadySeated: 3 });
    const again = await world.api(`/api/exercises/${exerciseId}/lti/roster`, { cookie: teacherCookie, body: {} });
    expect(((await again.json()) as { data: unknown }).data).toEqual({ added: 0, alreadySeated: 9 });
    // A prefilled learner's own launch finds their account and seat.
    const seated = await db().ltiIdentity.findFirstOrThrow({ where: { subject: "student-11" } });
    const out = await world.platform.launch({ user: learner(11), link });
    expect((await world.parley.context.sessions.fromCookieHeader(out.cookie))?.userId).toBe(seated.userId);
    expect(await db().roleAssignment.count({ where: { exerciseId, userId: seated.userId } })).toBe(1);
  });

  it("lets only the exercise's facilitator fill the lobby", async () => {
    const out = await world.platform.launch({ user: learner(1), link });
    const response = await world.api(`/api/exercises/${exerciseId}/lti/roster`, { cookie: out.cookie ?? "", body: {} });
    expect(response.status).toBe(403);
    expect((await world.api(`/api/exercises/${exerciseId}/lti/roster`, { body: {} })).status).toBe(401);
  });
});
