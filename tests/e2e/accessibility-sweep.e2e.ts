// Every page, as each kind of person reaches it, at desk and phone sizes, in English and
// in French: axe finds nothing serious or critical. Failures are gathered, then reported
// together, so that one run shows every page that needs work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { launchBrowser } from "./helpers/browser";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";
import { expectAccessible } from "./helpers/axe";

const SIZES = [
  { name: "desk", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;
const LOCALES = ["en", "fr"] as const;

describe("accessibility of every page", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let staffCookies: Awaited<ReturnType<BrowserContext["cookies"]>> = [];
  let participantCookies: Awaited<ReturnType<BrowserContext["cookies"]>> = [];
  let exerciseId = "";
  let scenarioId = "";

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    const account = { email: "axel@example.edu", displayName: "Axel Berg", password: "accessible-2026" };
    const setup = await fetch(`${parley.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: parley.url },
      body: JSON.stringify({ ...account, token: parley.setupToken() }),
    });
    expect(setup.status).toBe(201);
    const staff = await browser.newContext();
    const page = await staff.newPage();
    await page.goto(`${parley.url}/signin`);
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/facilitator$/);
    const scenarios = (await (await staff.request.get(`${parley.url}/api/scenarios`)).json()) as { data: { id: string; slug: string }[] };
    scenarioId = scenarios.data.find((s) => s.slug === "collapsing-ceasefire")!.id;
    exerciseId = (
      (await (
        await staff.request.post(`${parley.url}/api/exercises`, { data: { scenarioId }, headers: { origin: parley.url } })
      ).json()) as { data: { id: string } }
    ).data.id;
    const { joinCode } = (
      (await (
        await staff.request.post(`${parley.url}/api/exercises/${exerciseId}/lobby`, { data: {}, headers: { origin: parley.url } })
      ).json()) as { data: { joinCode: string } }
    ).data;
    staffCookies = await staff.cookies();

    const participant = await browser.newContext();
    const joinPage = await participant.newPage();
    await joinPage.goto(`${parley.url}/join?code=${joinCode}`);
    await joinPage.locator("input[name=displayName]").fill("Pia Ström");
    await joinPage.locator("form button[type=submit]").click();
    await joinPage.waitForURL(/\/exercises\/[^/]+$/);
    await participant.request.post(`${parley.url}/api/exercises/${exerciseId}/roles`, {
      data: { roleKey: "host-nation" },
      headers: { origin: parley.url },
    });
    participantCookies = await participant.cookies();
    await staff.close();
    await participant.close();
  });
  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it("has nothing serious for anyone, anywhere, at any size, in either language", async () => {
    const pages = {
      anonymous: ["/", "/signin", "/join"],
      staff: [
        "/facilitator",
        "/scenarios",
        `/scenarios/${scenarioId}`,
        `/exercises/${exerciseId}`,
        `/exercises/${exerciseId}/console`,
        `/exercises/${exerciseId}/debrief`,
        `/exercises/${exerciseId}/debrief/print`,
        "/admin/users",
        "/admin/audit",
      ],
      participant: [`/exercises/${exerciseId}`, `/exercises/${exerciseId}/room`, `/exercises/${exerciseId}/debrief`],
    };
    const failures: string[] = [];
    let checked = 0;
    for (const size of SIZES) {
      for (const locale of LOCALES) {
        for (const [who, paths] of Object.entries(pages)) {
          const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
          const cookies = who === "staff" ? staffCookies : who === "participant" ? participantCookies : [];
          await context.addCookies([...cookies, { name: "PARLEY_LOCALE", value: locale, url: parley.url }]);
          const page = await context.newPage();
          for (const path of paths) {
            await page.goto(`${parley.url}${path}`);
            await page.waitForLoadState("networkidle").catch(() => undefined);
            try {
              await expectAccessible(page, `${who} ${path} (${size.name}, ${locale})`);
            } catch (error) {
              failures.push(error instanceof Error ? error.message.split("\n")[0]! : String(error));
            }
            checked++;
          }
          await context.close();
        }
      }
    }
    expect(checked).toBe(4 * (pages.anonymous.length + pages.staff.length + pages.participant.length));
    expect(failures).toEqual([]);
  }, 600_000);
});
