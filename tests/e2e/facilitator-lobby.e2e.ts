// From a fresh install to a started exercise: first-run setup, the scenario list, a
// scenario read in full, an exercise created and its lobby opened (code, link and QR code,
// each copied); a participant on a phone joins with the code, takes a role, sees only that
// role's brief and changes their mind; Start waits for the roles that sign, says who is
// missing, asks before starting with empty seats, and leads to the console; after the
// start the participant can no longer move. Every state is checked with axe, EN and FR.
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
  let firstRole = "";
  let secondRole = "";

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    facilitator = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    participant = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    // Anything the Content-Security-Policy blocks is reported on the console.
    for (const page of [facilitator, participant])
      page.on("console", (m) => /Content Security Policy|Refused to/i.test(m.text()) && cspViolations.push(m.text()));
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
    await expectAccessible(facilitator, "exercise lobby");

    // The join link comes from PUBLIC_URL: a request naming another Host cannot change it.
    const cookie = (await facilitator.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const html = await new Promise<string>((resolve, reject) => {
      const target = new URL(facilitator.url());
      const req = httpRequest(
        { host: target.hostname, port: target.port, path: target.pathname, headers: { cookie, host: "evil.test" } },
        (res) => {
          let body = "";
          res
            .setEncoding("utf8")
            .on("data", (c: string) => (body += c))
            .on("end", () => resolve(body));
        },
      );
      req.on("error", reject).end();
    });
    expect(html).toContain(`value="${parley.url}/join?code=`);
    expect(html).not.toContain("evil.test");
  });

  it("shows a QR code of the join link and copies the code and the link", async () => {
    const code = (await facilitator.getByTestId("join-code").textContent()) ?? "";
    const link = `${parley.url}/join?code=${code.replace("-", "")}`;
    await facilitator.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: parley.url });
    const qr = facilitator.getByRole("img", { name: "QR code of the join link" });
    await expect(qr.isVisible()).resolves.toBe(true);
    expect(await qr.evaluate((svg) => svg.tagName.toLowerCase())).toBe("svg");
    expect(await qr.locator("path").count()).toBeGreaterThan(0);
    await expect(facilitator.getByRole("textbox", { name: "Join link" }).inputValue()).resolves.toBe(link);

    await facilitator.getByRole("button", { name: "Copy the code" }).click();
    await facilitator.getByRole("status").filter({ hasText: "The code was copied to the clipboard." }).waitFor();
    expect(await facilitator.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await facilitator.getByRole("button", { name: "Copy", exact: true }).click();
    await facilitator
      .getByRole("status")
      .filter({ hasText: /^Copied to the clipboard\.$/ })
      .waitFor();
    expect(await facilitator.evaluate(() => navigator.clipboard.readText())).toBe(link);

    // For a projector: larger (full screen where allowed), and back.
    const larger = facilitator.getByRole("button", { name: "Show larger" });
    await larger.click();
    expect(await larger.getAttribute("aria-pressed")).toBe("true");
    expect(await facilitator.locator(".join-panel.is-large").count()).toBe(1);
    await expectAccessible(facilitator, "lobby's join panel shown larger");
    await larger.click();
    expect(await larger.getAttribute("aria-pressed")).toBe("false");
  });

  it("keeps Start waiting while no one sits in the roles that sign, and says which", async () => {
    const state = facilitator.getByTestId("start-state");
    expect(await state.textContent()).toMatch(/^Waiting for someone in: .+\. These roles sign the agreement\.$/);
    const start = facilitator.getByRole("button", { name: "Start the exercise" });
    expect(await start.getAttribute("aria-disabled")).toBe("true");
    // Its description is the reason, for a screen reader on the button.
    expect(await start.evaluate((b) => document.getElementById(b.getAttribute("aria-describedby") ?? "")?.textContent)).toBe(
      await state.textContent(),
    );
    await start.click({ force: true });
    await expect(facilitator.getByRole("alertdialog").count()).resolves.toBe(0);
    expect(facilitator.url()).toMatch(/\/exercises\/[^/]+$/);

    // "Start anyway" asks first, naming the consequence; keeping waiting changes nothing.
    await facilitator.getByRole("button", { name: "Start anyway…" }).click();
    const dialog = facilitator.getByRole("alertdialog", { name: "Start with seats still empty?" });
    await dialog.waitFor();
    await dialog.getByText("the agreement cannot be signed by every party it needs").waitFor();
    await expectAccessible(facilitator, "start-anyway confirmation");
    await dialog.getByRole("button", { name: "Keep waiting" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(facilitator.url()).toMatch(/\/exercises\/[^/]+$/);
  });

  it("lets a participant join with the code, take a role and read only that brief", async () => {
    const code = (await facilitator.getByTestId("join-code").textContent()) ?? "";
    await participant.goto(`${parley.url}/join`);
    await expectAccessible(participant, "join page");
    await participant.getByLabel("Join code").fill(code.toLowerCase());
    await participant.getByLabel("Your name").fill("Tomás Reyes");
    await participant.getByRole("button", { name: "Join" }).click();
    await participant.waitForURL(/\/exercises\/[^/]+$/);
    // The facilitator's lobby shows the newcomer by itself, and says so politely.
    await facilitator.getByTestId("lobby-people").getByText("Tomás Reyes").waitFor();
    await facilitator.getByTestId("lobby-activity").getByText("Tomás Reyes joined the lobby.").waitFor();
    await participant.getByTestId("role-choice").getByText("Free").first().waitFor();
    await expectAccessible(participant, "participant's role picker (no role yet)");
    const take = participant.getByRole("button", { name: /^Take the role: / }).nth(1);
    firstRole = ((await take.getAttribute("aria-label")) ?? "").replace("Take the role: ", "");
    await take.click();
    await participant.getByRole("heading", { name: `Your brief: ${firstRole}` }).waitFor();
    expect(await participant.locator(".brief").count()).toBe(1);
    await participant.getByTestId("lobby-activity").getByText(`You now represent ${firstRole}.`).waitFor();
    await facilitator.getByTestId("lobby-activity").getByText(`Tomás Reyes took the role ${firstRole}.`).waitFor();
    await participant.goto(`${parley.url}/`);
    await expectAccessible(participant, "landing page");

    await facilitator
      .getByRole("combobox", { name: "Role for Tomás Reyes" })
      .locator("option:checked", { hasText: firstRole })
      .waitFor({ state: "attached" });
    expect(cspViolations).toEqual([]);
  });

  it("lets the participant change their role before the start, seeing who sits where", async () => {
    await participant.goto(facilitator.url());
    const picker = participant.getByTestId("role-choice");
    const mine = picker.locator(".role-card.is-mine");
    await mine.getByText("Your seat").waitFor();
    expect(await mine.locator(".role-card-name").textContent()).toBe(firstRole);
    await expect(mine.getByText("Tomás Reyes (you)").isVisible()).resolves.toBe(true);
    // One action a card: none on one's own seat, "Move" on the others.
    expect(await mine.getByRole("button").count()).toBe(0);
    const move = participant.getByRole("button", { name: /^Move to this role: / }).first();
    secondRole = ((await move.getAttribute("aria-label")) ?? "").replace("Move to this role: ", "");
    expect(secondRole).not.toBe(firstRole);
    await move.click();
    await participant.getByRole("heading", { name: `Your brief: ${secondRole}` }).waitFor();
    expect(await participant.locator(".brief").count()).toBe(1);
    await participant.getByText(`You represent ${secondRole}.`).waitFor();
    await participant.getByTestId("lobby-activity").getByText(`You now represent ${secondRole}.`).waitFor();
    // The facilitator's seats follow, live.
    await facilitator.getByTestId("lobby-activity").getByText(`Tomás Reyes moved to ${secondRole}.`).waitFor();
    const seat = facilitator
      .getByTestId("lobby-seats")
      .locator(".role-card")
      .filter({ has: facilitator.getByRole("heading", { name: secondRole, exact: true }) });
    await seat.getByText("Tomás Reyes").waitFor();
    await facilitator
      .getByRole("combobox", { name: "Role for Tomás Reyes" })
      .locator("option:checked", { hasText: secondRole })
      .waitFor({ state: "attached" });

    await participant.evaluate(() => window.scrollTo(0, 0));
    await participant.screenshot({ path: `${shots}/lobby-phone.png` });
    await participant.screenshot({ path: `${shots}/participant-lobby-phone.png`, fullPage: true });
    await expectAccessible(participant, "participant's role picker (seated)");

    await participant.context().addCookies([{ name: "PARLEY_LOCALE", value: "fr", url: parley.url }]);
    await participant.reload();
    await participant
      .getByRole("button", { name: /^Passer à ce rôle : / })
      .first()
      .waitFor();
    await participant.getByText("Votre place").waitFor();
    await expectAccessible(participant, "participant's role picker in French");
    await participant.context().addCookies([{ name: "PARLEY_LOCALE", value: "en", url: parley.url }]);
    await participant.reload();
  });

  it("starts from the lobby once the roles that sign are seated, asking first about empty seats, and lands in the console", async () => {
    // Seat someone in every signing role still empty, each from their own browser.
    const empty = facilitator
      .getByTestId("lobby-seats")
      .locator(".role-card.is-empty")
      .filter({ hasText: "Signs the agreement" })
      .locator(".role-card-name");
    const code = (await facilitator.getByTestId("join-code").textContent()) ?? "";
    for (const [i, roleName] of (await empty.allTextContents()).entries()) {
      const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
      const page = await context.newPage();
      await page.goto(`${parley.url}/join?code=${code}`);
      await page.getByLabel("Your name").fill(`Delegate ${i + 1}`);
      await page.getByRole("button", { name: "Join" }).click();
      await page.waitForURL(/\/exercises\/[^/]+$/);
      await page.getByRole("button", { name: `Take the role: ${roleName}` }).click();
      await page.getByText(`You represent ${roleName}.`).waitFor();
      await context.close();
      await facilitator
        .getByTestId("lobby-seats")
        .locator(".role-card")
        .filter({ has: facilitator.getByRole("heading", { name: roleName, exact: true }) })
        .getByText(`Delegate ${i + 1}`)
        .waitFor();
    }
    const state = facilitator.getByTestId("start-state");
    await state.getByText("Every role that signs the agreement is seated; some seats are still empty.").waitFor();
    const start = facilitator.getByRole("button", { name: "Start the exercise" });
    expect(await start.getAttribute("aria-disabled")).toBeNull();
    await facilitator.screenshot({ path: `${shots}/lobby.png`, fullPage: true });
    await expectAccessible(facilitator, "lobby ready to start");

    await facilitator.context().addCookies([{ name: "PARLEY_LOCALE", value: "fr", url: parley.url }]);
    await facilitator.reload();
    await facilitator.getByRole("button", { name: "Démarrer l’exercice" }).waitFor();
    await facilitator.getByRole("img", { name: "Code QR du lien d’accès" }).waitFor();
    await expectAccessible(facilitator, "lobby in French");
    await facilitator.context().addCookies([{ name: "PARLEY_LOCALE", value: "en", url: parley.url }]);
    await facilitator.reload();

    await facilitator.getByRole("button", { name: "Start the exercise" }).click();
    const dialog = facilitator.getByRole("alertdialog", { name: "Start with seats still empty?" });
    await dialog.getByText(/^Nobody plays .+\.$/).waitFor();
    await expect(dialog.getByText("cannot be signed").count()).resolves.toBe(0);
    await dialog.getByRole("button", { name: "Start now" }).click();
    await facilitator.waitForURL(/\/console$/);
    await facilitator.getByRole("button", { name: "Pause" }).waitFor();
  });

  it("no longer lets the participant change their role once the exercise has started", async () => {
    // The participant's page follows the start by itself.
    await participant.getByText("The exercise has started: only the facilitator can change your role now.").waitFor();
    await expect(participant.getByRole("button", { name: /^(Move to this role|Take the role): / }).count()).resolves.toBe(0);
    await participant.getByRole("link", { name: "Enter the negotiation room" }).waitFor();
    await expectAccessible(participant, "participant's page after the start");
    const exerciseId = new URL(participant.url()).pathname.split("/")[2];
    const refused = await participant.context().request.post(`${parley.url}/api/exercises/${exerciseId}/roles`, {
      data: { roleKey: "host-nation" },
      headers: { origin: parley.url },
    });
    expect(refused.status()).toBe(409);
    expect(await refused.json()).toMatchObject({
      ok: false,
      code: "conflict",
      message: "The exercise has started: only the facilitator can change your role now",
    });
    expect(cspViolations).toEqual([]);
  });
});
