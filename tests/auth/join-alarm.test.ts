// A wrong join code one or two keystrokes from an open exercise's code tells that
// exercise's staff, live; random guesses and other exercises' staff hear nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinAlarmDto } from "../../lib/contract/events";
import { editDistance, isNearMiss } from "../../server/auth/join-alarm";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { connectMember, runningExercise } from "../helpers/live";
import { waitUntil } from "../helpers/wait";

describe("near misses", () => {
  it("counts substitutions, insertions, deletions and swapped neighbours", () => {
    expect(editDistance("ABCDE23456", "ABCDE23456")).toBe(0);
    expect(editDistance("ABCDE23456", "ABCDE23457")).toBe(1);
    expect(editDistance("ABCDE23456", "BACDE23456")).toBe(1); // swapped neighbours
    expect(editDistance("ABCDE23456", "ABCDE2345")).toBe(1);
    expect(editDistance("ABCDE23456", "ABCDEX23456")).toBe(1);
    expect(editDistance("ABCDE23456", "ZZZZZZZZZZ", 2)).toBe(3); // stops early past the limit
    expect(isNearMiss("ABCDE23465", "ABCDE23456")).toBe(true);
    expect(isNearMiss("ABCDE23456", "ABCDE23456")).toBe(false); // the code itself is no miss
    expect(isNearMiss("ABCXYZ3456", "ABCDE23456")).toBe(false);
  });
});

describe("join alarm", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 2 });
  });
  afterAll(async () => server.close());

  it("tells the exercise's facilitator, not its participants or observers, when its code is mistyped, and when the typist is slowed", async () => {
    const live = await runningExercise(server);
    const other = await runningExercise(server);
    const alarms = { facilitator: [] as JoinAlarmDto[], participant: [] as JoinAlarmDto[], otherFacilitator: [] as JoinAlarmDto[] };
    live.facilitator.socket.on("exercise:join-alarm", (a) => a.exerciseId === live.cast.exerciseId && alarms.facilitator.push(a));
    live.participants.get("host-nation")!.socket.on("exercise:join-alarm", (a) => alarms.participant.push(a));
    other.facilitator.socket.on("exercise:join-alarm", (a) => alarms.otherFacilitator.push(a));
    const observer = await connectMember(server, live.cast, "observer");
    const observed: JoinAlarmDto[] = [];
    observer.socket.on("exercise:join-alarm", (a) => observed.push(a));

    const code = (await server.db.prisma.exercise.findUniqueOrThrow({ where: { id: live.cast.exerciseId } })).joinCode!;
    const typo = `${code.slice(0, 9)}${code[9] === "2" ? "3" : "2"}`; // the last key mistyped
    const joins = server.context.services.joins;
    // A random guess is near no code: no alarm (and it uses one of the two free tries).
    expect(await joins.join({ code: "ZZZZZ-ZZZZZ", displayName: "Guess" }, "10.4.4.4")).toMatchObject({ code: "not_found" });
    expect(await joins.join({ code: typo.toLowerCase(), displayName: "Ines" }, "10.4.4.4")).toMatchObject({ code: "not_found" });
    await waitUntil("the first alarm", () => alarms.facilitator.length === 1);
    expect(alarms.facilitator[0]).toEqual({ exerciseId: live.cast.exerciseId, nearMisses: 1, windowMinutes: 10, slowedForS: 1 });

    // The same student tries again at once: refused for a second, and the facilitator hears it.
    expect(await joins.join({ code: typo, displayName: "Ines" }, "10.4.4.4")).toMatchObject({ code: "rate_limited" });
    await waitUntil("the second alarm", () => alarms.facilitator.length === 2);
    expect(alarms.facilitator[1]).toMatchObject({ nearMisses: 2, slowedForS: 1 });

    // Give any stray delivery time to arrive before checking who heard nothing.
    await new Promise((r) => setTimeout(r, 200));
    expect(alarms.participant).toEqual([]);
    expect(alarms.otherFacilitator).toEqual([]);
    expect(observed).toEqual([]); // the facilitator's to act on, not an observer's
  });
});
