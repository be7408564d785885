// Requests that change something come only from Parley's own pages, as JSON, and no
// larger than the largest file a route takes; anything else is refused before it runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as exercises from "../../app/api/exercises/route";
import * as scenarios from "../../app/api/scenarios/route";
import { ownOrigins } from "../../server/http/origins";
import { parseEnv } from "../../server/config/env";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { seedCast, type Cast } from "../helpers/seed-exercise";

describe("cross-site and oversized requests", () => {
  let server: TestServer;
  let cast: Cast;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    cast = await seedCast(server);
  });
  afterAll(async () => server.close());

  const create = (headers: Record<string, string>, body: BodyInit = JSON.stringify({ scenarioId: cast.scenarioId })) =>
    exercises.POST(
      new Request("http://parley.test/api/exercises", {
        method: "POST",
        headers: { cookie: cast.byLabel("facilitator").cookie!, ...headers },
        body,
      }),
    );
  const count = () => server.db.prisma.exercise.count();

  it("refuses a state-changing request without an Origin, or from another site, and changes nothing", async () => {
    const before = await count();
    expect((await create({ "content-type": "application/json" })).status).toBe(403);
    expect((await create({ "content-type": "application/json", origin: "https://evil.example" })).status).toBe(403);
    expect(await count()).toBe(before);
    expect((await create({ "content-type": "application/json", origin: TEST_ORIGIN })).status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it("refuses a form-encoded body (what a cross-site form can send) even from an allowed origin", async () => {
    const before = await count();
    const res = await create({ "content-type": "application/x-www-form-urlencoded", origin: TEST_ORIGIN }, `scenarioId=${cast.scenarioId}`);
    expect(res.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("refuses a body over 1 MB, whether its length is declared or streamed", async () => {
    const cookie = cast.byLabel("facilitator").cookie!;
    const big = JSON.stringify({ yaml: "x".repeat(1_100_000) });
    const declared = await scenarios.POST(
      new Request("http://parley.test/api/scenarios", {
        method: "POST",
        headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/json", "content-length": String(big.length) },
        body: big,
      }),
    );
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 12; i++) controller.enqueue(new TextEncoder().encode("y".repeat(100_000)));
        controller.close();
      },
    });
    const streamed = await scenarios.POST(
      new Request("http://parley.test/api/scenarios", {
        method: "POST",
        headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
  });

  it("reads the session beside a malformed cookie instead of failing the request", async () => {
    const facilitator = cast.byLabel("facilitator");
    const user = await server.context.sessions.fromCookieHeader(`tracking=%E0%A4%A; ${facilitator.cookie!}`);
    expect(user?.userId).toBe(facilitator.userId);
    const res = await exercises.GET(
      new Request("http://parley.test/api/exercises", { headers: { cookie: `tracking=%E0%A4%A; ${facilitator.cookie!}` } }),
    );
    expect(res.status).toBe(200);
  });

  it("allows localhost origins in development only; production has PUBLIC_URL and the listed ones", () => {
    const dev = ownOrigins(parseEnv({ NODE_ENV: "development", PORT: "3000" }));
    expect(dev).toEqual(["http://localhost:3000", "http://127.0.0.1:3000"]);
    const prod = ownOrigins(
      parseEnv({
        NODE_ENV: "production",
        PORT: "3000",
        PUBLIC_URL: "https://parley.example.edu",
        ALLOWED_ORIGINS: "https://lms.example.edu",
      }),
    );
    expect(prod).toEqual(["https://parley.example.edu", "https://lms.example.edu"]);
  });
});
