// The LTI flow once on PostgreSQL (the other LTI tests run on SQLite): deep linking, a
// learner's launch into the lobby, a score to the platform, and a replay refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instructor, learner, startLtiWorld, type LtiWorld } from "./lti-fixture";

describe("LTI on PostgreSQL", () => {
  let world: LtiWorld;
  beforeAll(async () => {
    world = await startLtiWorld("postgresql");
  });
  afterAll(async () => world.close());

  it("places an exercise, seats a learner, posts their score and refuses a replay", async () => {
    const { link, exerciseId } = await world.place(instructor());
    const out = await world.platform.launch({ user: learner(1), link });
    expect(out.response.status).toBe(303);
    const session = await world.parley.context.sessions.fromCookieHeader(out.cookie);
    const userId = session?.userId ?? "";
    expect(await world.parley.context.services.assignments.seatsOf(exerciseId, userId)).toEqual([{ seat: "participant" }]);

    const replay = await world.platform.postLaunch({ id_token: out.idToken ?? "", state: out.state ?? "" });
    expect(replay.status).toBe(401);

    const assessment = await world.parley.context.db.prisma.assessment.create({ data: { exerciseId, userId, status: "released" } });
    const sent = await world.parley.context.services.lti.postScore({
      assessmentId: assessment.id,
      exerciseId,
      userId,
      scoreGiven: 5,
      scoreMaximum: 10,
    });
    expect(sent).toEqual({ status: "sent" });
    expect(world.platform.scores).toEqual([
      expect.objectContaining({ userId: learner(1).sub, scoreGiven: 5, scoreMaximum: 10, lineItemId: link.lineItemUrl }),
    ]);
  });
});
