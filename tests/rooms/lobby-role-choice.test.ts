// A participant chooses their own role in the lobby and may change it until the exercise
// starts: over HTTP (the lobby page's route), with their open socket and the
// facilitator's following the change live.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as roles from "../../app/api/exercises/[id]/roles/route";
import { ExerciseClient } from "../../lib/client/exercise-client";
import type { EventDto, JoinedExercise, RosterDto } from "../../lib/contract/events";
import { connected, startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { connectMember } from "../helpers/live";
import { seedCast, type Cast } from "../helpers/seed-exercise";
import { waitUntil } from "../helpers/wait";

interface Newcomer {
  userId: string;
  cookie: string;
  joins: JoinedExercise[];
  events: EventDto[];
}

describe("choosing one's own role in the lobby", () => {
  let server: TestServer;
  let cast: Cast;

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
  });
  afterAll(async () => server.close());

  const choose = async (cookie: string, body: { roleKey: string; userId?: string }) => {
    const response = await roles.POST(
      new Request("http://parley.test/api", {
        method: "POST",
        headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ id: cast.exerciseId }) },
    );
    return {
      status: response.status,
      body: (await response.json()) as { ok: boolean; code?: string; message?: string; data?: { roleKey: string } },
    };
  };

  /** Someone who joined with the code (no role yet), connected as the lobby page is. */
  async function newcomer(name: string): Promise<Newcomer> {
    const exercise = await server.db.prisma.exercise.findUniqueOrThrow({ where: { id: cast.exerciseId } });
    const joined = await server.context.services.joins.join({ code: exercise.joinCode ?? "", displayName: name }, `test-${name}`);
    if (!joined.ok) throw new Error(joined.message);
    const cookie = await server.cookieFor({ ...joined.user, systemRole: "participant" });
    const socket = server.client({ cookie });
    await connected(socket);
    const person: Newcomer = { userId: joined.user.id, cookie, joins: [], events: [] };
    new ExerciseClient(socket, cast.exerciseId, {
      onJoined: (j) => person.joins.push(j),
      onEvent: (e) => person.events.push(e),
      onReset: () => (person.events = []),
    });
    await waitUntil(`${name} joined`, () => person.joins.length === 1);
    return person;
  }

  const roleAssigned = (events: EventDto[], userId: string) =>
    events.filter((e) => e.type === "role.assigned" && e.payload.userId === userId);

  it("lets a participant take a role, then move to another before the start, recording where they came from", async () => {
    cast = await seedCast(server);
    const rosters: RosterDto[] = [];
    const facilitator = await connectMember(server, cast, "facilitator");
    facilitator.socket.on("exercise:roster", (u) => rosters.push(u.roster));
    const ana = await newcomer("Ana");
    const [first, second] = [cast.scenario.roles[0]!.key, cast.scenario.roles[1]!.key];

    expect(await choose(ana.cookie, { roleKey: first })).toMatchObject({ status: 200, body: { ok: true, data: { roleKey: first } } });
    await waitUntil("Ana's socket re-joined as the first role", () => ana.joins.at(-1)?.roleKey === first);
    expect(await choose(ana.cookie, { roleKey: second })).toMatchObject({ status: 200, body: { ok: true, data: { roleKey: second } } });
    // The open socket is told the seat changed and re-joins with the new role's view.
    await waitUntil("Ana's socket re-joined as the second role", () => ana.joins.at(-1)?.roleKey === second);
    await waitUntil("the facilitator saw both choices", () => roleAssigned(facilitator.events, ana.userId).length === 2);
    expect(roleAssigned(facilitator.events, ana.userId).map((e) => e.payload)).toEqual([
      { userId: ana.userId, roleKey: first, from: null, by: "self" },
      { userId: ana.userId, roleKey: second, from: first, by: "self" },
    ]);
    // The facilitator's roster shows the one seat she holds now.
    await waitUntil(
      "the facilitator's roster has Ana in the second role",
      () => rosters.at(-1)?.people.find((p) => p.userId === ana.userId)?.roleKey === second,
    );
    expect(rosters.at(-1)?.people.filter((p) => p.userId === ana.userId)).toHaveLength(1);
    expect(
      await server.db.prisma.roleAssignment.count({ where: { exerciseId: cast.exerciseId, userId: ana.userId, removedAt: null } }),
    ).toBe(1);
  });

  it("records nothing when a participant chooses the role they already have", async () => {
    const ben = await newcomer("Ben");
    const roleKey = cast.scenario.roles[2]!.key;
    expect((await choose(ben.cookie, { roleKey })).status).toBe(200);
    await waitUntil("Ben's socket re-joined with his role", () => ben.joins.at(-1)?.roleKey === roleKey);
    const before = await server.db.prisma.exerciseEvent.count({ where: { exerciseId: cast.exerciseId } });
    const joinsBefore = ben.joins.length;
    expect(await choose(ben.cookie, { roleKey })).toMatchObject({ status: 200, body: { ok: true, data: { roleKey } } });
    expect(await server.db.prisma.exerciseEvent.count({ where: { exerciseId: cast.exerciseId } })).toBe(before);
    expect(ben.joins.length).toBe(joinsBefore);
  });

  it("refuses a participant's own change once the exercise has started, saying why, and keeps the seat", async () => {
    const cleo = await newcomer("Cleo");
    const [first, second] = [cast.scenario.roles[0]!.key, cast.scenario.roles[3]!.key];
    expect((await choose(cleo.cookie, { roleKey: first })).status).toBe(200);
    const facilitator = await connectMember(server, cast, "facilitator");
    const started = await facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: cast.exerciseId, status: "running" });
    expect(started.ok).toBe(true);

    expect(await choose(cleo.cookie, { roleKey: second })).toEqual({
      status: 409,
      body: { ok: false, code: "conflict", message: "The exercise has started: only the facilitator can change your role now" },
    });
    const seat = await server.db.prisma.roleAssignment.findFirstOrThrow({
      where: { exerciseId: cast.exerciseId, userId: cleo.userId, removedAt: null },
    });
    expect(seat.roleKey).toBe(first);
    // A first choice after the start is the facilitator's too.
    const dan = await newcomer("Dan");
    expect(await choose(dan.cookie, { roleKey: first })).toMatchObject({ status: 409, body: { code: "conflict" } });
    // The facilitator still moves people after the start.
    expect(await choose(cast.byLabel("facilitator").cookie ?? "", { userId: cleo.userId, roleKey: second })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
  });

  it("never lets a participant choose a role for someone else", async () => {
    const other = cast.byLabel(`participant as ${cast.scenario.roles[1]!.key}`);
    const eve = await newcomer("Eve");
    expect(await choose(eve.cookie, { userId: other.userId ?? "", roleKey: cast.scenario.roles[0]!.key })).toMatchObject({
      status: 403,
      body: { code: "forbidden" },
    });
  });
});
