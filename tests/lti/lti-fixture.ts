// Parley and a test LMS that know each other: the platform registered in Parley by an
// administrator (through the API), Parley registered in the platform (its tool URLs).
// Helpers walk an instructor through deep linking and people through launches.
import { expect } from "vitest";
import { ROLES, startTestPlatform, toolUrlsOf, type PlacedLink, type PlatformUser, type TestPlatform } from "./test-platform";
import { startLtiParley, type LtiParley } from "./parley-http";
import { formOf } from "./platform/http";
import type { Provider } from "../helpers/databases";

export interface LtiWorld {
  parley: LtiParley;
  platform: TestPlatform;
  platformId: string;
  adminCookie: string;
  /** Deep linking by `instructor` (a built-in scenario's slug, or a scenario id): Parley creates the exercise, the platform places the link. */
  place(instructor: PlatformUser, scenario?: string): Promise<{ link: PlacedLink; exerciseId: string; cookie: string }>;
  /** A JSON call to Parley as its own pages make it. */
  api(path: string, init: { method?: string; cookie?: string; body?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export const instructor = (n = 1): PlatformUser => ({
  sub: `teacher-${n}`,
  roles: [ROLES.instructor],
  name: `Teacher ${n}`,
  email: `teacher${n}@uni.example`,
});
export const learner = (n: number, extra: Partial<PlatformUser> = {}): PlatformUser => ({
  sub: `student-${n}`,
  roles: [ROLES.learner],
  given_name: "Student",
  family_name: `${n}`,
  email: `student${n}@uni.example`,
  ...extra,
});

export async function startLtiWorld(provider: Provider = "sqlite"): Promise<LtiWorld> {
  const parley = await startLtiParley(provider);
  const platform = await startTestPlatform({ tool: toolUrlsOf(parley.url) });
  const admin = await parley.context.services.users.create({
    displayName: "Admin",
    email: `admin-${platform.clientId}@parley.example`,
    systemRole: "admin",
  });
  const adminCookie = await parley.cookieFor(admin);

  const api: LtiWorld["api"] = (path, { method, cookie, body }) =>
    fetch(`${parley.url}${path}`, {
      method: method ?? (body === undefined ? "GET" : "POST"),
      headers: { origin: parley.url, ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const registered = await api("/api/lti/platforms", { cookie: adminCookie, body: platform.registration() });
  expect(registered.status).toBe(201);
  const platformId = ((await registered.json()) as { data: { id: string } }).data.id;

  return {
    parley,
    platform,
    platformId,
    adminCookie,
    api,
    async place(teacher, scenario = "collapsing-ceasefire") {
      const launch = await platform.launch({ user: teacher, messageType: "LtiDeepLinkingRequest" });
      const page = await launch.response.text();
      expect(launch.response.status, page).toBe(200);
      const picker = formOf(page);
      const chosen = await fetch(picker.action, {
        method: "POST",
        headers: { origin: parley.url, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ctx: picker.fields.ctx ?? "", scenarioId: parley.scenarios.get(scenario) ?? scenario }),
      });
      expect(chosen.status).toBe(200);
      const answer = formOf(await chosen.text());
      const placedBefore = platform.links.length;
      const back = await platform.returnDeepLink(answer.action, answer.fields.JWT ?? "");
      expect(back.status, platform.deepLinkResponses.at(-1)?.error).toBe(200);
      const link = platform.links[placedBefore];
      if (!link) throw new Error("the platform placed no link");
      return { link, exerciseId: link.custom.parley_exercise ?? "", cookie: launch.cookie ?? "" };
    },
    async close() {
      await platform.close();
      await parley.close();
    },
  };
}
