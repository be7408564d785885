// LTI 1.3 end to end against the test LMS: an instructor places an exercise by deep
// linking, learners launch into its lobby and are signed in without a Parley password.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instructor, learner, startLtiWorld, type LtiWorld } from "./lti-fixture";
import { formOf } from "./platform/http";
import { ROLES, type PlacedLink } from "./test-platform";

describe("LTI launches", () => {
  let world: LtiWorld;
  let link: PlacedLink;
  let exerciseId: string;
  const db = () => world.parley.context.db.prisma;

  beforeAll(async () => {
    world = await startLtiWorld();
    ({ link, exerciseId } = await world.place(instructor()));
  });
  afterAll(async () => world.close());

  it("places an exercise by deep linking: lobby open, the instructor facilitates, the platform verified the signed answer", async () => {
    const exercise = await db().exercise.findUniqueOrThrow({ where: { id: exerciseId } });
    expect(exercise.status).toBe("lobby");
    expect(exercise.joinCode).toBeTruthy();
    const teacher = await db().ltiIdentity.findFirstOrThrow({ where: { subject: "teacher-1" } });
    const seats = await db().roleAssignment.findMany({ where: { exerciseId, userId: teacher.userId, removedAt: null } });
    expect(seats.map((s) => s.seat)).toEqual(["facilitator"]);
    expect(await db().user.findUniqueOrThrow({ where: { id: teacher.userId } })).toMatchObject({
      systemRole: "facilitator",
      passwordHash: null,
      displayName: "Teacher 1",
    });

    const answer = world.platform.deepLinkResponses.at(-1);
    expect(answer?.ok).toBe(true);
    expect(answer?.contentItems).toEqual([
      expect.objectContaining({
        type: "ltiResourceLink",
        url: `${world.parley.url}/api/lti/launch`,
        custom: { parley_exercise: exerciseId },
        lineItem: expect.objectContaining({ resourceId: exerciseId, scoreMaximum: expect.any(Number) }),
      }),
    ]);
    expect(link.custom).toEqual({ parley_exercise: exerciseId });
    expect(await db().ltiResourceLink.findUniqueOrThrow({ where: { exerciseId } })).toMatchObject({
      contextId: world.platform.course.id,
      contextTitle: "Crisis Diplomacy 301",
    });
  });

  it("answers a deep linking launch with the scenario picker, frameable by the platform only, and lets the instructor cancel", async () => {
    const launch = await world.platform.launch({ user: instructor(3), messageType: "LtiDeepLinkingRequest" });
    expect(launch.response.status).toBe(200);
    expect(launch.response.headers.get("content-security-policy")).toContain(`frame-ancestors 'self' ${world.platform.base}`);
    const html = await launch.response.text();
    expect(html).toContain("Crisis Diplomacy 301");
    expect(html).toContain(`value="${world.parley.scenarios.get("collapsing-ceasefire")}"`);
    expect((await world.parley.context.sessions.fromCookieHeader(launch.cookie))?.systemRole).toBe("facilitator");
    const ctx = formOf(html).fields.ctx ?? "";
    const post = (fields: Record<string, string>, origin = world.parley.url) =>
      fetch(`${world.parley.url}/api/lti/deep-link`, {
        method: "POST",
        headers: { origin, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
      });
    expect((await post({ ctx, scenarioId: "x" }, world.platform.base)).status).toBe(403);
    expect((await post({ ctx: `${ctx.slice(0, -4)}AAAA`, scenarioId: "x" })).status).toBe(403);
    const exercises = await db().exercise.count();
    const cancelled = await post({ ctx, cancel: "1" });
    expect(cancelled.status).toBe(200);
    const answer = formOf(await cancelled.text());
    expect((await world.platform.returnDeepLink(answer.action, answer.fields.JWT ?? "")).status).toBe(200);
    expect(world.platform.deepLinkResponses.at(-1)).toMatchObject({ ok: true, contentItems: [] });
    expect(await db().exercise.count()).toBe(exercises);
  });

  it("seats a learner in the lobby without a role, signs them in and sends them to the lobby", async () => {
    const out = await world.platform.launch({ user: learner(1), link });
    expect(out.response.status).toBe(303);
    expect(out.location).toBe(`${world.parley.url}/exercises/${exerciseId}`);
    const session = await world.parley.context.sessions.fromCookieHeader(out.cookie);
    expect(session).toMatchObject({ name: "Student 1", systemRole: "participant", exerciseId });
    const seats = await db().roleAssignment.findMany({ where: { exerciseId, userId: session?.userId, removedAt: null } });
    expect(seats).toEqual([expect.objectContaining({ seat: "participant", roleKey: null })]);
    expect(await db().user.findUniqueOrThrow({ where: { id: session?.userId } })).toMatchObject({
      email: "student1@uni.example",
      exerciseId: null,
      passwordHash: null,
    });
    // The launch told Parley where the course's grade column and roster are.
    expect(await db().ltiResourceLink.findUniqueOrThrow({ where: { exerciseId } })).toMatchObject({
      resourceLinkId: link.resourceLinkId,
      lineItemUrl: link.lineItemUrl,
      membershipsUrl: expect.stringContaining("/memberships"),
    });
  });

  it("finds the same account and seat on the learner's next launch", async () => {
    const first = await world.platform.launch({ user: learner(2), link });
    const again = await world.platform.launch({ user: learner(2), link });
    const a = await world.parley.context.sessions.fromCookieHeader(first.cookie);
    const b = await world.parley.context.sessions.fromCookieHeader(again.cookie);
    expect(b?.userId).toBe(a?.userId);
    expect(await db().roleAssignment.count({ where: { exerciseId, userId: a?.userId } })).toBe(1);
  });

  it("brings an instructor's resource link launch to the exercise as its facilitator", async () => {
    const out = await world.platform.launch({ user: instructor(2), link });
    expect(out.location).toBe(`${world.parley.url}/exercises/${exerciseId}`);
    const session = await world.parley.context.sessions.fromCookieHeader(out.cookie);
    expect(session?.systemRole).toBe("facilitator");
    expect(await world.parley.context.services.assignments.seatsOf(exerciseId, session?.userId ?? "")).toEqual([{ seat: "facilitator" }]);
  });

  it("counts a teaching assistant as an instructor and refuses a mentor", async () => {
    const ta = await world.platform.launch({ user: { sub: "ta-1", roles: [ROLES.teachingAssistant], name: "TA" }, link });
    expect((await world.parley.context.sessions.fromCookieHeader(ta.cookie))?.systemRole).toBe("facilitator");
    const mentor = await world.platform.launch({ user: { sub: "mentor-1", roles: [ROLES.mentor], name: "Parent" }, link });
    expect(mentor.response.status).toBe(403);
    expect(mentor.cookie).toBeUndefined();
    expect(await db().ltiIdentity.count({ where: { subject: "mentor-1" } })).toBe(0);
  });

  it("never takes over an account by its email: the learner gets their own, without that email", async () => {
    const existing = await world.parley.context.services.users.create({
      displayName: "Staff",
      email: "student3@uni.example",
      systemRole: "facilitator",
    });
    const out = await world.platform.launch({ user: learner(3), link });
    const session = await world.parley.context.sessions.fromCookieHeader(out.cookie);
    expect(session?.userId).not.toBe(existing.id);
    expect(await db().user.findUniqueOrThrow({ where: { id: session?.userId } })).toMatchObject({ email: null, displayName: "Student 3" });
  });

  it("keeps a learner the facilitator removed out of the exercise, however often they launch", async () => {
    const first = await world.platform.launch({ user: learner(4), link });
    const userId = (await world.parley.context.sessions.fromCookieHeader(first.cookie))?.userId ?? "";
    await db().roleAssignment.updateMany({ where: { exerciseId, userId }, data: { removedAt: new Date() } });
    const again = await world.platform.launch({ user: learner(4), link });
    expect(again.response.status).toBe(303);
    expect(await world.parley.context.services.assignments.seatsOf(exerciseId, userId)).toEqual([]);
  });

  it("keeps an instructor a co-facilitator removed out of the exercise, however often they launch", async () => {
    const first = await world.platform.launch({ user: instructor(5), link });
    const userId = (await world.parley.context.sessions.fromCookieHeader(first.cookie))?.userId ?? "";
    expect(await world.parley.context.services.assignments.seatsOf(exerciseId, userId)).toEqual([{ seat: "facilitator" }]);
    await db().roleAssignment.updateMany({ where: { exerciseId, userId }, data: { removedAt: new Date() } });
    await world.platform.launch({ user: instructor(5), link });
    expect(await world.parley.context.services.assignments.seatsOf(exerciseId, userId)).toEqual([]);
  });

  it("names a learner without a name after their id", async () => {
    const out = await world.platform.launch({ user: { sub: "anon-98765", roles: [ROLES.learner] }, link });
    expect((await world.parley.context.sessions.fromCookieHeader(out.cookie))?.name).toBe("Learner 8765");
  });

  it("ends a removed platform's launches: its identities and links go, the exercise and accounts stay", async () => {
    const users = await db().user.count();
    const removed = await world.api(`/api/lti/platforms/${world.platformId}`, { method: "DELETE", cookie: world.adminCookie });
    expect(removed.status).toBe(200);
    expect(await db().ltiIdentity.count({ where: { platformId: world.platformId } })).toBe(0);
    expect(await db().ltiResourceLink.count({ where: { exerciseId } })).toBe(0);
    expect(await db().exercise.count({ where: { id: exerciseId } })).toBe(1);
    expect(await db().user.count()).toBe(users);
    const out = await world.platform.launch({ user: learner(1), link });
    expect(out.stage).toBe("login");
    expect(out.response.status).toBe(401);
  });
});
