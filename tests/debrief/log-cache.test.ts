// The debrief's held log (server/storage/visible-log.ts), cut to each reader in memory with
// `canSee`, must give exactly what the storage's own visibility query gives, for every
// seat, after later appends and after the least recently read exercises were dropped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClientKey } from "../../lib/client/exercise-client";
import type { Viewer } from "../../server/domain/visibility";
import { createExerciseLogRepository } from "../../server/storage/exercise-log.repository";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { openBackchannel, runningExercise } from "../helpers/live";

describe("the debrief's log cache", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const ex = () => live.cast.exerciseId;

  const say = async (role: string, channelId: string, body: string) => {
    const sent = await live.participants
      .get(role)!
      .socket.emitWithAck("message:send", { exerciseId: ex(), channelId, body, clientKey: newClientKey() });
    if (!sent.ok) throw new Error(sent.message);
  };
  const rowOf = async (exerciseId: string) => {
    const row = await server.db.prisma.exercise.findUniqueOrThrow({
      where: { id: exerciseId },
      select: { lastSeq: true, logRevision: true },
    });
    return { lastSeq: row.lastSeq, revision: row.logRevision };
  };
  const viewers = async (exerciseId: string): Promise<Viewer[]> => [
    { kind: "staff" },
    ...(await Promise.all(
      live.roles.map(async (roleKey): Promise<Viewer> => ({
        kind: "participant",
        roleKey,
        channelWindows: await server.context.services.channels.windowsFor(exerciseId, roleKey),
      })),
    )),
  ];
  /** What storage's own query (the live catch-up's) gives the viewer. */
  const fromStorage = async (exerciseId: string, viewer: Viewer) =>
    (await server.context.services.log.after(exerciseId, 0, viewer, 100_000)).map((e) => e.seq);

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
    const backchannelId = await openBackchannel(live, "host-nation", "un-mediator");
    await say("host-nation", backchannelId, "Off the record: we can move on the date.");
    await say("regional-body", live.channel("plenary", "regional-body").id, "On the record: monitors first.");
  });
  afterAll(async () => server.close());

  it("gives every seat what the storage's visibility query gives, before and after later appends", async () => {
    const cache = server.context.services.log.visible;
    for (const viewer of await viewers(ex()))
      expect((await cache.events(ex(), viewer, await rowOf(ex()))).map((e) => e.seq)).toEqual(await fromStorage(ex(), viewer));
    await say("armed-opposition", live.channel("plenary", "armed-opposition").id, "We ask for a pause in plenary.");
    const later = await rowOf(ex());
    for (const viewer of await viewers(ex())) {
      const seqs = (await cache.events(ex(), viewer, later)).map((e) => e.seq);
      expect(seqs).toEqual(await fromStorage(ex(), viewer));
    }
    // A reader that read the exercise row before the last append is cut at its own lastSeq.
    const earlier = { ...later, lastSeq: later.lastSeq - 1 };
    expect((await cache.events(ex(), { kind: "staff" }, earlier)).at(-1)?.seq).toBe(later.lastSeq - 1);
  });

  it("stays right when exercises are dropped for room and read again", async () => {
    const cache = createExerciseLogRepository(server.db.prisma, { held: { maxEvents: 5 } }).visible;
    for (let round = 0; round < 2; round++) {
      for (const exerciseId of [ex(), live.cast.otherExerciseId]) {
        for (const viewer of await viewers(exerciseId))
          expect((await cache.events(exerciseId, viewer, await rowOf(exerciseId))).map((e) => e.seq)).toEqual(
            await fromStorage(exerciseId, viewer),
          );
      }
    }
  });

  it("answers concurrent readers from one read", async () => {
    const cache = server.context.services.log.visible;
    const at = await rowOf(ex());
    const [a, b] = await Promise.all([cache.events(ex(), { kind: "staff" }, at), cache.events(ex(), { kind: "staff" }, at)]);
    expect(a.map((e) => e.seq)).toEqual(b.map((e) => e.seq));
    expect(a[0]).toBe(b[0]);
  });
});
