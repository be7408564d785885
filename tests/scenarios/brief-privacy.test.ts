// A participant's requests never return another role's confidential brief.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as exercise from "../../app/api/exercises/[id]/route";
import * as scenario from "../../app/api/scenarios/[id]/route";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { seedCast, type Cast } from "../helpers/seed-exercise";

describe.each(["collapsing-ceasefire", "fragile-peace", "neutral-ground"])("briefs in %s", (slug) => {
  let server: TestServer;
  let cast: Cast;

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 100 });
    cast = await seedCast(server, slug);
  });
  afterAll(async () => server.close());

  const get = (cookie: string | null, handler: typeof exercise.GET, id: string) =>
    handler(new Request("http://parley.test/api", { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({ id }) });

  it("gives each participant the public background and only their own brief", async () => {
    for (const role of cast.scenario.roles) {
      const me = cast.byLabel(`participant as ${role.key}`);
      const res = await get(me.cookie, exercise.GET, cast.exerciseId);
      expect(res.status).toBe(200);
      const text = await res.text();
      const body = JSON.parse(text) as {
        data: { scenario: { ownBrief?: { roleKey: string; brief: string }; allBriefs?: unknown; background: string } };
      };
      expect(body.data.scenario.background).toBe(cast.scenario.background);
      expect(body.data.scenario.ownBrief).toMatchObject({ roleKey: role.key, brief: role.brief });
      expect(body.data.scenario.allBriefs).toBeUndefined();
      for (const other of cast.scenario.roles.filter((r) => r.key !== role.key)) {
        expect(text, `${role.key} must not receive ${other.key}'s brief`).not.toContain(JSON.stringify(other.brief).slice(1, -1));
        expect(text).not.toContain(JSON.stringify(other.fallback).slice(1, -1));
      }
    }
  });

  it("refuses participants the full scenario with every brief", async () => {
    for (const role of cast.scenario.roles) {
      const res = await get(cast.byLabel(`participant as ${role.key}`).cookie, scenario.GET, cast.scenarioId);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain(JSON.stringify(role.brief).slice(1, -1));
    }
  });

  it("shows every brief to the facilitator", async () => {
    const res = await get(cast.byLabel("facilitator").cookie, exercise.GET, cast.exerciseId);
    const body = (await res.json()) as { data: { scenario: { allBriefs: { roleKey: string }[] } } };
    expect(body.data.scenario.allBriefs.map((b) => b.roleKey)).toEqual(cast.scenario.roles.map((r) => r.key));
  });
});
