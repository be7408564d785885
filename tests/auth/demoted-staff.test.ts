// Powers follow the account as well as the seat: a facilitator an administrator demotes
// to observer loses the exercises they ran at once, on the open socket and in every new
// sign-in, although their facilitator seat is still on record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as role from "../../app/api/admin/users/[id]/role/route";
import { newClientKey } from "../../lib/client/exercise-client";
import { connected, disconnected, startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { openBackchannel, runningExercise } from "../helpers/live";

describe("a demoted facilitator", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
  });
  afterAll(async () => server.close());

  it("loses staff powers on the open socket at once and has none after signing in again", async () => {
    const live = await runningExercise(server);
    const exerciseId = live.cast.exerciseId;
    const facilitator = live.cast.byLabel("facilitator");
    const roles = live.roles;
    const channelId = await openBackchannel(live, roles[0]!, roles[1]!);
    // Before: the seat and the account both allow it.
    expect((await live.facilitator.socket.emitWithAck("oversight:open", { exerciseId, channelId })).ok).toBe(true);

    const closed = disconnected(live.facilitator.socket);
    const req = new Request("http://parley.test/x", {
      method: "POST",
      headers: { origin: TEST_ORIGIN, cookie: live.cast.byLabel("admin").cookie!, "content-type": "application/json" },
      body: JSON.stringify({ role: "observer" }),
    });
    const res = await role.POST(req, { params: Promise.resolve({ id: facilitator.userId! }) });
    expect(res.status).toBe(200);
    // The open socket ends at once, and its cookie no longer opens one.
    await closed;
    const stale = server.client({ cookie: facilitator.cookie! });
    await expect(connected(stale)).rejects.toThrow();

    // A new sign-in, as the observer the account now is (sessions begun in the second of the change are refused).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const account = await server.db.prisma.user.findUniqueOrThrow({ where: { id: facilitator.userId! } });
    expect(account.systemRole).toBe("observer");
    const socket = server.client({ cookie: await server.cookieFor(account) });
    await connected(socket);
    const joined = await socket.emitWithAck("exercise:join", { exerciseId, afterSeq: 0 });
    expect(joined.ok).toBe(false);
    if (!joined.ok) expect(joined.code).toBe("forbidden");
    const paused = await socket.emitWithAck("exercise:set-status", { exerciseId, status: "paused", clientKey: newClientKey() });
    expect(paused.ok).toBe(false);
    const opened = await socket.emitWithAck("oversight:open", { exerciseId, channelId });
    expect(opened.ok).toBe(false);
    expect(JSON.stringify(opened)).not.toContain("message.sent");
    // The exercise kept running: nothing the demoted account sent changed it.
    const row = await server.db.prisma.exercise.findUniqueOrThrow({ where: { id: exerciseId } });
    expect(row.status).toBe("running");
  });
});
