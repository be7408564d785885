// A room's load reads its oversight record and released injects from the log incrementally
// (server/storage/room.repository.ts): whatever was read up to event N is kept, later loads
// read the events after N, and an erasure (the log revision moves) starts over. Every case
// compares a repository that has loaded before with a fresh one that reads the whole log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { createServices, type Services } from "../../server/services";
import { openTestDatabase, providers } from "../helpers/databases";
import { seedExercise } from "../helpers/fixtures";

describe.each(providers)("a room's log-derived state on %s", (provider) => {
  let db: Database;
  let services: Services;
  const fresh = () => createServices(db.prisma, { writer: db.logWriter }).rooms;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    services = createServices(db.prisma, { writer: db.logWriter });
  });
  afterAll(async () => {
    await db.close();
  });

  const opened = (exerciseId: string, userId: string, channelId: string) =>
    services.log.append({
      exerciseId,
      type: "oversight.opened",
      actor: { userId },
      visibility: { kind: "staff" },
      payload: { channelId, channelName: "Back", reader: "Facilitator", seat: "facilitator" },
    });
  const released = (exerciseId: string, key: string) =>
    services.log.append({
      exerciseId,
      type: "inject.released",
      actor: {},
      visibility: { kind: "exercise" },
      payload: { injectKey: key, title: key, text: "News", audience: "all", scheduled: false },
      idempotencyKey: `inject:scenario:${key}`,
    });
  const note = (exerciseId: string, n: number) =>
    services.log.append({
      exerciseId,
      type: "announcement.sent",
      actor: {},
      visibility: { kind: "exercise" },
      payload: { body: `note ${n}`, roles: ["host"] },
    });

  it("adds what was logged since the last load, in order, without reading it twice", async () => {
    const { exercise, facilitator } = await seedExercise(services);
    const first = await services.rooms.load(exercise.id);
    expect(first).toMatchObject({ oversight: [], firedInjects: [] });

    await opened(exercise.id, facilitator.id, "channel-a");
    await released(exercise.id, "storm");
    await note(exercise.id, 1);
    expect(await services.rooms.load(exercise.id)).toMatchObject({
      oversight: [{ kind: "opened", userId: facilitator.id, channelId: "channel-a", as: "facilitator" }],
      firedInjects: ["storm"],
    });

    await note(exercise.id, 2);
    await opened(exercise.id, facilitator.id, "channel-b");
    await released(exercise.id, "strike");
    const again = await services.rooms.load(exercise.id);
    expect(again?.oversight.map((e) => (e.kind === "opened" ? e.channelId : e.kind))).toEqual(["channel-a", "channel-b"]);
    expect(again?.firedInjects).toEqual(["storm", "strike"]);
    expect(again).toEqual(await fresh().load(exercise.id));
    // A load with nothing new gives the same, and a caller changing its copy changes nothing held.
    again?.firedInjects.push("not logged");
    expect(await services.rooms.load(exercise.id)).toEqual(await fresh().load(exercise.id));
  });

  it("reads the whole log again when an erasure moved the log's revision", async () => {
    const { exercise, facilitator } = await seedExercise(services);
    await opened(exercise.id, facilitator.id, "channel-a");
    await released(exercise.id, "storm");
    expect((await services.rooms.load(exercise.id))?.oversight).toHaveLength(1);

    // As an erasure does: payloads rewritten in place, the revision moved in the same transaction.
    await db.prisma.$transaction([
      db.prisma.exerciseEvent.updateMany({
        where: { exerciseId: exercise.id, type: "oversight.opened" },
        data: { payload: JSON.stringify({ erased: true }) },
      }),
      db.prisma.exercise.update({ where: { id: exercise.id }, data: { logRevision: { increment: 1 } } }),
    ]);
    const after = await services.rooms.load(exercise.id);
    expect(after?.oversight).toEqual([]);
    expect(after?.firedInjects).toEqual(["storm"]);
    expect(after).toEqual(await fresh().load(exercise.id));
  });
});
