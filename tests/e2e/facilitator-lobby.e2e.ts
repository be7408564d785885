// From a fresh install to a lobby: first-run setup, the scenario list, a scenario read
// in full, an exercise created and its lobby opened; a participant joins with the code,
// takes a role and sees only that role's brief.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "./helpers/browser";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";
import { expectAccessible } from "./helpers/axe";

const shots = "docs/screenshots";

describe("facilitator: from the scenario list to an exercise lobby", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let facilitator: Page;
  let participant: Page;

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    facilitator = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    participant = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    // Anything the Content-Security-Policy blocks is reported on the console.
    for (const page of [facilitator, participant]) page.on("console", (m) => /Content Security Policy|Refused to/i.test(m.text()) && cspViolations.push(m.text()));
  });
  const cspViolations: string[] = [];
  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it("serves pages with a nonce-based Content-Security-Policy, no framing and no sniffing", async () => {
    const response = await facilitator.goto(`${parley.url}/signin`);
    const headers = response?.headers() ?? {};
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(headers["content-security-policy"] ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // Next's own scripts carry the nonce, so the page still runs under the policy.
    expect(await facilitator.locator(`script[nonce]`).count()).toBeGreaterThan(0);
    const again = await facilitator.request.get(`${parley.url}/signin`);
    expect(again.headers()["content-security-policy"]).not.toContain(nonce);
  });

  it("creates the first administrator on the first-run page", async () => {
    await facilitator.goto(`${parley.url}/signin`);
    await facilitator.waitForURL(/\/setup$/); // no users yet: sign-in sends us to setup
    // Without the one-time token from the server's log, the page only says where to find it.
    await facilitator.getByText("open the setup link Parley printed in its log").waitFor();
    expect(await facilitator.getByLabel("Password").count()).toBe(0);
    await facilitator.goto(parley.setupUrl());
    await facilitator.screenshot({ path: `${shots}/setup.png` });
    await expectAccessible(facilitator, "first-run setup");
    await facilitator.getByLabel("Your name").fill("Amira Haddad");
    await facilitator.getByLabel("Email").fill("amira@example.edu");
    await facilitator.getByLabel("Password").fill("negotiate-2026");
    await facilitator.getByRole("button", { name: "Create administrator account" }).click();
    await facilitator.waitForURL(/\/facilitator$/);
    await expect(facilitator.getByText("You have no exercises yet.").isVisible()).resolves.toBe(true);
    await expectAccessible(facilitator, "facilitator home (empty)");
  });

  it("browses scenarios, reads one in full and creates an exercise", async () => {
    await facilitator.getByRole("link", { name: "New exercise from a scenario" }).click();
    await facilitator.waitForURL(/\/scenarios$/);
    expect(await facilitator.locator(".card").count()).toBeGreaterThanOrEqual(3);
    await facilitator.screenshot({ path: `${shots}/scenarios.png`, fullPage: true });
    await expectAccessible(facilitator, "scenario list");
    await facilitator.locator(".card-title a").first().click();
    await facilitator.waitForURL(/\/scenarios\/[^/]+$/);
    await expect(facilitator.getByRole("heading", { name: "Confidential briefs" }).isVisible()).resolves.toBe(true);
    expect(await facilitator.locator(".brief").count()).toBeGreaterThanOrEqual(5);
    await expectAccessible(facilitator, "scenario in full");
    await facilitator.getByRole("button", { name: "Create exercise" }).click();
    await facilitator.waitForURL(/\/exercises\/[^/]+$/);
  });

  it("opens the lobby and shows a join code", async () => {
    await facilitator.getByRole("button", { name: "Open the lobby" }).click();
    await facilitator.getByTestId("join-code").waitFor();
    expect(await facilitator.getByTestId("join-code").textContent()).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    await facilitator.screenshot({ path: `${shots}/lobby.png`, fullPage: true });
    await expectAccessible(facilitator, "exercise lobby");

    // The join link comes from PUBLIC_URL: a request naming another Host cannot change it.
    const cookie = (await facilitator.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const html = await new Promise<string>((resolve, reject) => {
      const target = new URL(facilitator.url());
      const req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, headers: { cookie, host: "evil.test" } }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => resolve(body));
      });
      req.on("error", reject).end();
    });
    expect(html).toContain(`href="${parley.url}/join?code=`);
    expect(html).not.toContain("evil.test");
  });

  it("lets a participant join with the code, take a role and read only that brief", async () => {
    const code = (await facilitator.getByTestId("join-code").textContent()) ?? "";
    await participant.goto(`${parley.url}/join`);
    await expectAccessible(participant, "join page");
    await participant.getByLabel("Join code").fill(code.toLowerCase());
    await participant.getByLabel("Your name").fill("Tomás Reyes");
    await participant.getByRole("button", { name: "Join" }).click();
    await participant.waitForURL(/\/exercises\/[^/]+$/);
    // The facilitator's lobby shows the newcomer by itself.
    await facilitator.getByTestId("lobby-people").getByText("Tomás Reyes").waitFor();
    const take = participant.getByRole("button", { name: /^Take the role: / }).nth(1);
    const roleName = ((await take.getAttribute("aria-label")) ?? "").replace("Take the role: ", "");
    await take.click();
    await participant.getByRole("heading", { name: `Your brief: ${roleName}` }).waitFor();
    expect(await participant.locator(".brief").count()).toBe(1);
    await participant.screenshot({ path: `${shots}/participant-lobby-phone.png`, fullPage: true });
    await expectAccessible(participant, "participant's exercise page");
    await participant.goto(`${parley.url}/`);
    await expectAccessible(participant, "landing page");

    await facilitator.getByRole("combobox", { name: "Role for Tomás Reyes" }).locator("option:checked", { hasText: roleName }).waitFor({ state: "attached" });
    expect(cspViolations).toEqual([]);
  });
});
