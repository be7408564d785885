import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Database } from "../../server/db/client";
import { createServices, type Services } from "../../server/services";
import { canSee, type ChannelWindow, type Viewer, type Visibility } from "../../server/domain/visibility";
import { UnknownExerciseError } from "../../server/storage/exercise-log.repository";
import { openTestDatabase, providers } from "../helpers/databases";
import { seedExercise } from "../helpers/fixtures";
import { storedMessages } from "../helpers/stored-messages";

// Every case runs through Prisma alone and through the direct writer (the production path).
const paths = providers.flatMap((provider) => [[provider, "prisma"] as const, [provider, "direct writer"] as const]);

describe.each(paths)("exercise log on %s through %s", (provider, path) => {
  let db: Database;
  let services: Services;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    services = path === "prisma" ? createServices(db.prisma) : createServices(db.prisma, { writer: db.logWriter });
  });
  afterAll(async () => {
    await db.close();
  });

  const exerciseEvent = (exerciseId: string, n: number) => ({
    exerciseId,
    type: "announcement.sent" as const,
    actor: { roleKey: "un-mediator" },
    visibility: { kind: "exercise" } as const,
    payload: { body: `note ${n}`, roles: ["un-mediator"] },
  });

  it("numbers concurrent appends gap-free and strictly increasing per exercise", async () => {
    const a = (await seedExercise(services)).exercise;
    const b = (await seedExercise(services)).exercise;
    const appends = Array.from({ length: 40 }, (_, i) => services.log.append(exerciseEvent(i % 2 === 0 ? a.id : b.id, i)));
    const results = await Promise.all(appends);

    for (const exercise of [a, b]) {
      const seqs = results.filter((r) => r.event.exerciseId === exercise.id).map((r) => r.event.seq);
      expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const stored = await services.log.after(exercise.id, 0, { kind: "staff" });
      expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await services.log.lastSeq(exercise.id)).toBe(20);
    }
  });

  it("reads every event's head (number, type, time, visibility) as the full read has it", async () => {
    const { exercise } = await seedExercise(services);
    await services.log.append(exerciseEvent(exercise.id, 1));
    await services.log.append({ ...exerciseEvent(exercise.id, 2), visibility: { kind: "roles", roles: ["un-mediator", "host-nation"] } });
    await services.log.append({ ...exerciseEvent(exercise.id, 3), visibility: { kind: "staff" } });
    const staff = { kind: "staff" as const };
    const row = await db.prisma.exercise.findUniqueOrThrow({ where: { id: exercise.id } });
    const at = { lastSeq: row.lastSeq, revision: row.logRevision };
    const full = await services.log.after(exercise.id, 0, staff);
    const heads = await services.log.visible.heads(exercise.id, staff, at);
    expect(heads).toEqual(full.map((e) => ({ seq: e.seq, type: e.type, at: e.createdAt.getTime(), visibility: e.visibility })));
    // A later read of the held heads reads only what follows, and cuts them to the reader.
    await services.log.append({ ...exerciseEvent(exercise.id, 4), visibility: { kind: "staff" } });
    const participant = { kind: "participant" as const, roleKey: "host-nation", channelWindows: [] };
    const later = await services.log.visible.heads(exercise.id, participant, { ...at, lastSeq: at.lastSeq + 1 });
    expect(later.map((h) => h.seq)).toEqual(full.filter((e) => e.visibility.kind !== "staff").map((e) => e.seq));
  });

  it("records one event for a repeated idempotency key, sequentially and concurrently", async () => {
    const { exercise } = await seedExercise(services);
    const first = await services.log.append({ ...exerciseEvent(exercise.id, 1), idempotencyKey: "client-key-0001" });
    const again = await services.log.append({ ...exerciseEvent(exercise.id, 1), idempotencyKey: "client-key-0001" });
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, event: { seq: first.event.seq } });

    const racing = await Promise.all(
      Array.from({ length: 8 }, () => services.log.append({ ...exerciseEvent(exercise.id, 2), idempotencyKey: "client-key-0002" })),
    );
    expect(racing.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.event.seq)).size).toBe(1);

    const stored = await services.log.after(exercise.id, 0, { kind: "staff" });
    expect(stored.map((e) => e.seq)).toEqual([1, 2]);
    // A duplicate does not consume a sequence number.
    expect((await services.log.append(exerciseEvent(exercise.id, 3))).event.seq).toBe(3);
  });

  it("answers every append of a shared transaction on its own when one of them fails", async () => {
    const a = (await seedExercise(services)).exercise;
    const b = (await seedExercise(services)).exercise;
    const first = await services.log.append({ ...exerciseEvent(a.id, 0), idempotencyKey: "once" });
    // Issued together, so they are written in one transaction; the repeat and the
    // unknown exercise make it fail, and each append then gets its own answer.
    const [repeat, ok1, missing, ok2] = await Promise.allSettled([
      services.log.append({ ...exerciseEvent(a.id, 1), idempotencyKey: "once" }),
      services.log.append(exerciseEvent(a.id, 2)),
      services.log.append(exerciseEvent("no-such-exercise", 3)),
      services.log.append(exerciseEvent(b.id, 4)),
    ]);
    expect(repeat).toMatchObject({
      status: "fulfilled",
      value: { duplicate: true, event: { seq: first.event.seq, payload: { body: "note 0" } } },
    });
    expect(ok1).toMatchObject({ status: "fulfilled", value: { duplicate: false, event: { seq: 2, payload: { body: "note 2" } } } });
    expect(missing).toMatchObject({ status: "rejected", reason: expect.any(UnknownExerciseError) });
    expect(ok2).toMatchObject({ status: "fulfilled", value: { duplicate: false, event: { seq: 1, payload: { body: "note 4" } } } });
    expect(await services.log.lastSeq(a.id)).toBe(2);
  });

  it("stores a message as its event, readable through Prisma", async () => {
    const { exercise } = await seedExercise(services);
    const channel = await db.prisma.channel.create({ data: { exerciseId: exercise.id, kind: "plenary", name: "Plenary", openedSeq: 0 } });
    const author = await services.users.create({ displayName: "Author", systemRole: "participant", exerciseId: exercise.id });
    const before = Date.now();
    const { event } = await services.log.append({
      exerciseId: exercise.id,
      type: "message.sent",
      actor: { userId: author.id, roleKey: "un-mediator" },
      visibility: { kind: "channel", channelId: channel.id },
      payload: { body: "Ceasefire at dawn", authorName: "Author", roleName: "UN mediator" },
      idempotencyKey: "m-1",
    });
    const [row] = (await storedMessages(db.prisma, { exerciseId: exercise.id })).filter((m) => m.seq === event.seq);
    expect(row).toMatchObject({ channelId: channel.id, authorUserId: author.id, roleKey: "un-mediator", body: "Ceasefire at dawn" });
    const [stored] = await services.log.after(exercise.id, event.seq - 1, { kind: "staff" });
    expect(stored).toEqual(event);
    expect(row!.createdAt.getTime()).toBe(event.createdAt.getTime());
    // The writer names rows with UUIDs, Prisma with cuids: this case took the path it names.
    const eventRow = await db.prisma.exerciseEvent.findFirstOrThrow({ where: { exerciseId: exercise.id, seq: event.seq } });
    expect(/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(eventRow.id)).toBe(path === "direct writer");
    expect(event.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(event.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1);
    // The same key again writes nothing.
    const again = await services.log.append({
      exerciseId: exercise.id,
      type: "message.sent",
      actor: { userId: author.id },
      visibility: { kind: "channel", channelId: channel.id },
      payload: { body: "twice", authorName: "Author", roleName: "UN mediator" },
      idempotencyKey: "m-1",
    });
    expect(again).toEqual({ event, duplicate: true });
    expect(await storedMessages(db.prisma, { exerciseId: exercise.id })).toHaveLength(1);
  });

  it("keeps the event's actor, payload and visibility", async () => {
    const { exercise, facilitator } = await seedExercise(services);
    const visibility: Visibility = { kind: "roles", roles: ["host-nation", "un-mediator"] };
    await services.log.append({
      exerciseId: exercise.id,
      type: "inject.released",
      actor: { userId: facilitator.id },
      visibility,
      payload: {
        injectKey: null,
        title: "Shelling at the bridge",
        text: "Reports of shelling.",
        audience: ["host-nation", "un-mediator"],
        scheduled: false,
      },
    });
    const [event] = await services.log.after(exercise.id, 0, { kind: "staff" });
    expect(event).toMatchObject({
      seq: 1,
      type: "inject.released",
      actor: { userId: facilitator.id },
      visibility,
      payload: {
        injectKey: null,
        title: "Shelling at the bridge",
        text: "Reports of shelling.",
        audience: ["host-nation", "un-mediator"],
        scheduled: false,
      },
    });
    expect(event?.createdAt).toBeInstanceOf(Date);
  });

  it("refuses to read a stored event outside the log's vocabulary, naming it", async () => {
    const { exercise } = await seedExercise(services);
    await db.prisma.exerciseEvent.create({
      data: { exerciseId: exercise.id, seq: 1, type: "announcement.sent", visibility: "exercise", payload: JSON.stringify({ body: 42 }) },
    });
    await expect(services.log.after(exercise.id, 0, { kind: "staff" })).rejects.toThrow(
      `Exercise event ${exercise.id}#1 (announcement.sent) is not in the log's vocabulary`,
    );
  });

  it("refuses to append to an exercise that does not exist", async () => {
    await expect(services.log.append(exerciseEvent("no-such-exercise", 1))).rejects.toBeInstanceOf(UnknownExerciseError);
  });

  it("answers 'after seq N for viewer V' exactly as the domain rule canSee does", async () => {
    const roles = ["host-nation", "un-mediator", "regional-body"];
    const channels = ["ch-a", "ch-b"];
    const visibilityArb: fc.Arbitrary<Visibility> = fc.oneof(
      fc.constant({ kind: "exercise" as const }),
      fc.constant({ kind: "staff" as const }),
      fc.constantFrom(...channels).map((channelId) => ({ kind: "channel" as const, channelId })),
      fc.subarray(roles, { minLength: 1 }).map((r) => ({ kind: "roles" as const, roles: r })),
    );
    const windowArb: fc.Arbitrary<ChannelWindow> = fc
      .record({
        channelId: fc.constantFrom(...channels),
        fromSeq: fc.integer({ min: 1, max: 12 }),
        length: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
      })
      .map(({ channelId, fromSeq, length }) =>
        length === undefined ? { channelId, fromSeq } : { channelId, fromSeq, untilSeq: fromSeq + length },
      );
    const viewerArb: fc.Arbitrary<Viewer> = fc.oneof(
      fc.constant({ kind: "staff" as const }),
      fc.subarray(channels).map((hidden) => ({ kind: "staff" as const, hiddenChannels: hidden })),
      fc.record({
        kind: fc.constant("participant" as const),
        roleKey: fc.constantFrom(...roles),
        channelWindows: fc.array(windowArb, { maxLength: 3 }),
      }),
      fc.record({
        kind: fc.constantFrom("observer" as const, "unassigned" as const),
        channelWindows: fc.array(windowArb, { maxLength: 3 }),
      }),
    );

    await fc.assert(
      fc.asyncProperty(
        fc.array(visibilityArb, { minLength: 1, maxLength: 12 }),
        viewerArb,
        fc.integer({ min: 0, max: 6 }),
        async (visibilities, viewer, afterSeq) => {
          const { exercise } = await seedExercise(services);
          const all = [];
          for (const [i, visibility] of visibilities.entries()) {
            all.push((await services.log.append({ ...exerciseEvent(exercise.id, i), visibility })).event);
          }
          const expected = all.filter((e) => e.seq > afterSeq && canSee(viewer, e)).map((e) => e.seq);
          const actual = (await services.log.after(exercise.id, afterSeq, viewer)).map((e) => e.seq);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 15 },
    );
  });
});
