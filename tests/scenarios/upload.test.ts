import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as scenarios from "../../app/api/scenarios/route";
import { parseScenario } from "../../lib/scenario/parse-scenario";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { aliasBomb } from "./alias-bomb";

describe("scenario upload", () => {
  let server: TestServer;
  let cookie: string;
  const minimal = readFileSync(join(import.meta.dirname, "../fixtures/minimal-scenario.yaml"), "utf8");

  beforeAll(async () => {
    server = await startTestServer();
    const user = await server.context.services.users.create({
      displayName: "F",
      systemRole: "facilitator",
      email: "f-upload@example.test",
    });
    cookie = await server.cookieFor(user);
  });
  afterAll(async () => server.close());

  const upload = (yaml: string, as = cookie) =>
    scenarios.POST(
      new Request("http://parley.test/api/scenarios", {
        method: "POST",
        headers: { cookie: as, origin: TEST_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({ yaml }),
      }),
    );

  it("stores a valid self-contained scenario and lists it", async () => {
    const res = await upload(minimal);
    expect(res.status).toBe(201);
    const list = (await (await scenarios.GET(new Request("http://parley.test/api/scenarios", { headers: { cookie } }))).json()) as {
      data: { slug: string; source: string }[];
    };
    expect(list.data).toContainEqual(expect.objectContaining({ slug: "minimal-test", source: "upload" }));
  });

  it("stores a scenario's rubric, and refuses a broken one naming the criterion", async () => {
    const withRubric = minimal
      .replace("slug: minimal-test", "slug: minimal-rubric")
      .replace(
        "debrief:",
        [
          "rubric:",
          "  - key: preparation",
          "    title: Preparation",
          "    levels:",
          "      - { points: 0, label: Unprepared }",
          "      - { points: 2, label: Prepared }",
          "debrief:",
        ].join("\n"),
      );
    const res = await upload(withRubric);
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: string } };
    const row = await server.db.prisma.scenario.findUniqueOrThrow({ where: { id: data.id }, select: { definition: true } });
    expect(parseScenario(row.definition).rubric.map((c) => c.key)).toEqual(["preparation"]);

    const broken = await upload(withRubric.replace("points: 2, label: Prepared", "points: 0, label: Prepared"));
    expect(broken.status).toBe(400);
    const body = (await broken.json()) as { issues: { path: string; message: string }[] };
    expect(body.issues).toEqual([
      { path: "rubric › preparation › levels", message: "two levels give 0 points; each level needs its own number of points" },
    ]);
  });

  it("reports every problem of a broken file and saves nothing", async () => {
    const before = await server.db.prisma.scenario.count();
    const broken = minimal.replace("audience: [intervening-power]", "audience: [ghost]").replace("minutes: 10", "minutes: 0");
    const res = await upload(broken);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { path: string; message: string }[] };
    expect(body.issues.map((i) => i.path)).toContain("phases › opening › minutes");
    expect(await server.db.prisma.scenario.count()).toBe(before);
  });

  it("answers a YAML alias bomb with a 400 problem report and saves nothing", async () => {
    const before = await server.db.prisma.scenario.count();
    const res = await upload(aliasBomb);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; issues: { path: string; message: string }[] };
    expect(body.code).toBe("invalid_payload");
    expect(body.issues).toEqual([{ path: "file", message: expect.stringMatching(/aliases/) as unknown }]);
    expect(await server.db.prisma.scenario.count()).toBe(before);
  });

  it("refuses a built-in scenario's slug, so nobody replaces what every exercise and the landing page use", async () => {
    // Built-ins are stored at boot in production; the test server leaves it to tests.
    const { syncBuiltinScenarios } = await import("../../server/scenarios/builtin-sync");
    await syncBuiltinScenarios(join(import.meta.dirname, "../../roles"), server.context.services.scenarios);
    const before = await server.db.prisma.scenario.count();
    const res = await upload(
      minimal.replace("slug: minimal-test", "slug: collapsing-ceasefire").replace(/^title: .*$/m, "title: Hijacked"),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("built-in");
    expect(await server.db.prisma.scenario.count()).toBe(before);
    const landing = await server.context.services.scenarios.listLatest({ builtinOnly: true });
    expect(landing.every((r) => r.source === "builtin")).toBe(true);
    expect(landing.map((r) => r.slug)).toContain("collapsing-ceasefire");
  });

  it("lets only its uploader (or an admin) upload a slug again, and records who did", async () => {
    const other = await server.context.services.users.create({
      displayName: "G",
      systemRole: "facilitator",
      email: "g-upload@example.test",
    });
    const admin = await server.context.services.users.create({ displayName: "A", systemRole: "admin", email: "a-upload@example.test" });
    const changed = minimal.replace(/^title: .*$/m, "title: A second version");
    expect((await upload(changed, await server.cookieFor(other))).status).toBe(400);
    expect((await upload(changed)).status).toBe(201);
    const stored = await server.db.prisma.scenario.findMany({ where: { slug: "minimal-test" }, select: { uploadedById: true } });
    expect(new Set(stored.map((r) => r.uploadedById)).size).toBe(1);
    expect((await upload(minimal.replace(/^title: .*$/m, "title: Fixed by the admin"), await server.cookieFor(admin))).status).toBe(201);
  });
});
