import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as scenarios from "../../app/api/scenarios/route";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";
import { aliasBomb } from "./alias-bomb";

describe("scenario upload", () => {
  let server: TestServer;
  let cookie: string;
  const minimal = readFileSync(join(import.meta.dirname, "../fixtures/minimal-scenario.yaml"), "utf8");

  beforeAll(async () => {
    server = await startTestServer();
    const user = await server.context.services.users.create({ displayName: "F", systemRole: "facilitator", email: "f-upload@example.test" });
    cookie = await server.cookieFor(user);
  });
  afterAll(async () => server.close());

  const upload = (yaml: string) =>
    scenarios.POST(new Request("http://parley.test/api/scenarios", { method: "POST", headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/json" }, body: JSON.stringify({ yaml }) }));

  it("stores a valid self-contained scenario and lists it", async () => {
    const res = await upload(minimal);
    expect(res.status).toBe(201);
    const list = (await (await scenarios.GET(new Request("http://parley.test/api/scenarios", { headers: { cookie } }))).json()) as { data: { slug: string; source: string }[] };
    expect(list.data).toContainEqual(expect.objectContaining({ slug: "minimal-test", source: "upload" }));
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
});
