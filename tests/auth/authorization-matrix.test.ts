// Every API route and socket event against every kind of caller; each cell asserted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as exercises from "../../app/api/exercises/route";
import * as exercise from "../../app/api/exercises/[id]/route";
import * as lobby from "../../app/api/exercises/[id]/lobby/route";
import * as roles from "../../app/api/exercises/[id]/roles/route";
import * as scenarios from "../../app/api/scenarios/route";
import * as scenario from "../../app/api/scenarios/[id]/route";
import * as setup from "../../app/api/setup/route";
import * as replay from "../../app/api/exercises/[id]/replay/route";
import * as transcript from "../../app/api/exercises/[id]/transcript/route";
import * as declassify from "../../app/api/exercises/[id]/declassify/route";
import * as annotations from "../../app/api/exercises/[id]/annotations/route";
import * as objectives from "../../app/api/exercises/[id]/objectives/route";
import * as joinCode from "../../app/api/exercises/[id]/join-code/route";
import { connected, startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { seedCast, type Cast, type CastMember } from "../helpers/seed-exercise";

type Kind = "anonymous" | "otherParticipant" | "participant" | "observer" | "otherFacilitator" | "facilitator" | "admin";

function kindOf(m: CastMember): Kind {
  if (m.label === "anonymous") return "anonymous";
  if (m.label === "participant of another exercise") return "otherParticipant";
  if (m.label.startsWith("participant as ")) return "participant";
  if (m.label === "observer") return "observer";
  if (m.label === "facilitator of another exercise") return "otherFacilitator";
  return m.label as "facilitator" | "admin";
}

const staffOnly = {
  anonymous: 401,
  otherParticipant: 403,
  participant: 403,
  observer: 200,
  otherFacilitator: 200,
  facilitator: 200,
  admin: 200,
};

describe("authorization matrix", () => {
  let server: TestServer;
  let cast: Cast;

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 100 });
    cast = await seedCast(server);
  });
  afterAll(async () => server.close());

  const request = (m: CastMember, method: string, body?: unknown) =>
    new Request("http://parley.test/api", {
      method,
      headers: {
        ...(m.cookie ? { cookie: m.cookie } : {}),
        origin: TEST_ORIGIN,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const params = <P>(p: P) => ({ params: Promise.resolve(p) });

  const routes: { name: string; expected: Record<Kind, number>; call: (m: CastMember) => Promise<Response> }[] = [
    { name: "GET /api/exercises", expected: staffOnly, call: (m) => exercises.GET(request(m, "GET")) },
    {
      name: "POST /api/exercises",
      expected: { ...staffOnly, observer: 201, otherFacilitator: 201, facilitator: 201, admin: 201 },
      call: (m) => exercises.POST(request(m, "POST", { scenarioId: cast.scenarioId })),
    },
    {
      name: "GET /api/exercises/:id",
      expected: {
        anonymous: 401,
        otherParticipant: 403,
        participant: 200,
        observer: 200,
        otherFacilitator: 403,
        facilitator: 200,
        admin: 200,
      },
      call: (m) => exercise.GET(request(m, "GET"), params({ id: cast.exerciseId })),
    },
    {
      name: "POST /api/exercises/:id/lobby",
      // Authorized callers get 409: the lobby is already open.
      expected: {
        anonymous: 401,
        otherParticipant: 403,
        participant: 403,
        observer: 403,
        otherFacilitator: 403,
        facilitator: 409,
        admin: 409,
      },
      call: (m) => lobby.POST(request(m, "POST", {}), params({ id: cast.exerciseId })),
    },
    {
      name: "POST /api/exercises/:id/roles (seating someone else)",
      expected: {
        anonymous: 401,
        otherParticipant: 403,
        participant: 403,
        observer: 403,
        otherFacilitator: 403,
        facilitator: 200,
        admin: 200,
      },
      call: (m) => {
        const target = cast.members.find((x) => x.label.startsWith("participant as ") && x.userId !== m.userId)!;
        return roles.POST(request(m, "POST", { userId: target.userId, roleKey: target.roleKey }), params({ id: cast.exerciseId }));
      },
    },
    { name: "GET /api/scenarios", expected: staffOnly, call: (m) => scenarios.GET(request(m, "GET")) },
    { name: "GET /api/scenarios/:id", expected: staffOnly, call: (m) => scenario.GET(request(m, "GET"), params({ id: cast.scenarioId })) },
    {
      name: "POST /api/scenarios",
      // Authorized callers reach validation: an incomplete file is a 400, nothing saved.
      expected: { ...staffOnly, observer: 400, otherFacilitator: 400, facilitator: 400, admin: 400 },
      call: (m) => scenarios.POST(request(m, "POST", { yaml: "title: incomplete" })),
    },
    {
      name: "GET /api/exercises/:id/replay",
      expected: {
        anonymous: 401,
        otherParticipant: 403,
        participant: 200,
        observer: 200,
        otherFacilitator: 403,
        facilitator: 200,
        admin: 200,
      },
      call: (m) => replay.GET(request(m, "GET"), params({ id: cast.exerciseId })),
    },
    {
      name: "GET /api/exercises/:id/transcript",
      expected: {
        anonymous: 401,
        otherParticipant: 403,
        participant: 200,
        observer: 200,
        otherFacilitator: 403,
        facilitator: 200,
        admin: 200,
      },
      call: (m) => transcript.GET(request(m, "GET"), params({ id: cast.exerciseId })),
    },
    {
      name: "POST /api/exercises/:id/declassify",
      // Authorized callers reach the lookup: the channel does not exist.
      expected: {
        anonymous: 401,
        otherParticipant: 403,
        participant: 403,
        observer: 403,
        otherFacilitator: 403,
        facilitator: 404,
        admin: 404,
      },
      call: (m) =>
        declassify.POST(request(m, "POST", { channelId: "no-such-channel", declassified: true }), params({ id: cast.exerciseId })),
    },
    {
      name: "POST /api/exercises/:id/annotations",
      expected: {
        anonymous: 401,
        otherParticipant: 403,
        participant: 403,
        observer: 403,
        otherFacilitator: 403,
        facilitator: 201,
        admin: 201,
      },
      call: (m) => annotations.POST(request(m, "POST", { at: new Date().toISOString(), body: "A note" }), params({ id: cast.exerciseId })),
    },
    {
      name: "PATCH /api/exercises/:id/annotations",
      expected: {
        anonymous: 401,
        otherParticipant: 403,
        participant: 403,
        observer: 403,
        otherFacilitator: 403,
        facilitator: 404,
        admin: 404,
      },
      call: (m) =>
        annotations.PATCH(
          request(m, "PATCH", { annotationId: "no-such-note", visibleToParticipants: true }),
          params({ id: cast.exerciseId }),
        ),
    },
    {
      name: "POST /api/exercises/:id/objectives",
      expected: {
        anonymous: 401,
        otherParticipant: 403,
        participant: 403,
        observer: 403,
        otherFacilitator: 403,
        facilitator: 200,
        admin: 200,
      },
      call: (m) =>
        objectives.POST(
          request(m, "POST", { roleKey: cast.scenario.roles[0]!.key, objectiveId: cast.scenario.roles[0]!.objectives[0]!.id, met: true }),
          params({ id: cast.exerciseId }),
        ),
    },
    {
      name: "POST /api/exercises/:id/join-code",
      expected: {
        anonymous: 401,
        otherParticipant: 403,
        participant: 403,
        observer: 403,
        otherFacilitator: 403,
        facilitator: 200,
        admin: 200,
      },
      call: (m) => joinCode.POST(request(m, "POST", {}), params({ id: cast.exerciseId })),
    },
    {
      name: "POST /api/setup",
      expected: {
        anonymous: 409,
        otherParticipant: 409,
        participant: 409,
        observer: 409,
        otherFacilitator: 409,
        facilitator: 409,
        admin: 409,
      },
      call: (m) => setup.POST(request(m, "POST", { email: "x@example.test", displayName: "X", password: "long-enough-password" })),
    },
  ];

  for (const route of routes) {
    it(`${route.name}: each caller gets the expected status`, async () => {
      const seen: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const m of cast.members) {
        const res = await route.call(m);
        seen[m.label] = res.status;
        want[m.label] = route.expected[kindOf(m)];
        if (res.status >= 400) expect(await res.json()).toMatchObject({ ok: false, code: expect.any(String) });
      }
      expect(seen).toEqual(want);
    });
  }

  it("socket system:ping: refused without a session, answered for every signed-in caller", async () => {
    const seen: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const m of cast.members) {
      const socket = server.client(m.cookie ? { cookie: m.cookie } : {});
      const outcome = await connected(socket).then(
        async () => ((await socket.emitWithAck("system:ping", { sentAt: 1 })).ok ? "ok" : "refused"),
        (e: Error) => e.message,
      );
      socket.disconnect();
      seen[m.label] = outcome;
      want[m.label] = kindOf(m) === "anonymous" ? "unauthenticated" : "ok";
    }
    expect(seen).toEqual(want);
  });
});
