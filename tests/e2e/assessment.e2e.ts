// The assessment desk in a browser: a facilitator scores two participants against their
// roles' rubrics after an exercise, pins a message as evidence, writes feedback (kept
// across a reload before it is saved), releases one assessment behind a confirmation, and
// each participant reads exactly what was released to them, in English and in French.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expectAccessible } from "./helpers/axe";
import { launchBrowser } from "./helpers/browser";
import { endFromConsole, facilitatorWithLobby, joinWithRole, startFromConsole } from "./helpers/cast";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";

const shots = "docs/screenshots";
const OPENING = "Hallen will not accept monitors inside its borders without a date for the vote.";

describe("assessment desk", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let facilitatorContext: BrowserContext;
  let facilitator: Page;
  let exerciseId = "";
  const people: { name: string; context: BrowserContext; page: Page }[] = [];

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    const lobby = await facilitatorWithLobby(
      parley,
      browser,
      { email: "lena@example.edu", displayName: "Lena Brandt", password: "negotiate-2026" },
      { width: 1366, height: 900 },
    );
    ({ context: facilitatorContext, page: facilitator, exerciseId } = lobby);
    for (const [name, roleKey, viewport] of [
      ["Hana Okafor", "host-nation", { width: 1366, height: 900 }],
      ["Sofia Lind", "regional-body", { width: 390, height: 844 }],
    ] as const) {
      people.push({ name, ...(await joinWithRole(parley, browser, lobby, name, roleKey, viewport)) });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it("runs a short exercise: two plenary messages, then the end", async () => {
    await startFromConsole(parley, facilitator, exerciseId);
    for (const [i, text] of [OPENING, "We can support a date if the monitors report to the regional body."].entries()) {
      const page = people[i]!.page;
      if (i === 1) await page.getByRole("tab", { name: /Chat/ }).click();
      const box = page.getByRole("textbox", { name: /Message to Plenary/ });
      await box.fill(text);
      await box.press("Enter");
      await page.locator(".message-body", { hasText: text }).waitFor();
    }
    await endFromConsole(facilitator);
  });

  it("scores by level, pins evidence and keeps unsaved feedback across a reload", async () => {
    await facilitator.goto(`${parley.url}/exercises/${exerciseId}/assessment`);
    await facilitator.getByRole("heading", { name: /^Assessment · / }).waitFor();
    const list = facilitator.getByRole("navigation", { name: "People to assess" });
    await list.getByRole("button", { name: /Hana Okafor/ }).click();
    const criteria = facilitator.locator("fieldset.criterion-edit");
    const count = await criteria.count();
    expect(count).toBeGreaterThan(3);
    for (let i = 0; i < count; i++) {
      const radios = criteria.nth(i).getByRole("radio");
      // The best level for every criterion but the last, which gets the lowest.
      await radios.nth(i === count - 1 ? 0 : (await radios.count()) - 1).check();
      await criteria.nth(i).locator(".level-option.is-chosen").waitFor();
    }
    await facilitator
      .locator(".person-total")
      .filter({ hasText: /points/ })
      .waitFor();
    const total = await facilitator.locator(".person-total").textContent();
    expect(total).toMatch(/^\d+ of \d+ points$/);

    await facilitator.locator(".contribution", { hasText: OPENING }).getByRole("button", { name: "Pin as evidence" }).click();
    await facilitator.getByLabel("Note (optional)").fill("A clear ask, tied to a date.");
    await facilitator.getByRole("button", { name: "Pin", exact: true }).click();
    await criteria.first().locator(".evidence-quote", { hasText: OPENING }).waitFor();

    const feedback = facilitator.getByRole("textbox", { name: "Feedback" });
    await feedback.fill("You opened with a precise ask.\nNext time, test the mediator's fallback before the deadline.");
    await facilitator.getByText("Not saved yet (kept in this browser)").waitFor();
    await facilitator.reload();
    await facilitator
      .getByRole("navigation", { name: "People to assess" })
      .getByRole("button", { name: /Hana Okafor/ })
      .click();
    await expect.poll(() => facilitator.getByRole("textbox", { name: "Feedback" }).inputValue()).toContain("test the mediator's fallback");
    await facilitator.getByRole("button", { name: "Save feedback" }).click();
    await facilitator.getByText("Saved ·").waitFor();
    await expectAccessible(facilitator, "assessment desk");
    await facilitator.screenshot({ path: `${shots}/assessment-desk.png`, fullPage: true });
  });

  it("releases after a confirmation that names who, and each participant reads only their own", async () => {
    await facilitator.getByRole("button", { name: "Release 1 assessment" }).click();
    const dialog = facilitator.getByRole("alertdialog", { name: "Release 1 assessment?" });
    await dialog.getByText(/Hana Okafor/).waitFor();
    await dialog.getByRole("button", { name: "Release it" }).click();
    await facilitator.getByTestId("announcer").filter({ hasText: "1 assessment released" }).waitFor();
    await facilitator.getByRole("navigation", { name: "People to assess" }).getByText("released").waitFor();

    const [hana, sofia] = people;
    await hana!.page.goto(`${parley.url}/exercises/${exerciseId}/assessment`);
    await hana!.page.getByRole("heading", { name: "Assessment of Hana Okafor" }).waitFor();
    await hana!.page.locator(".evidence-quote", { hasText: OPENING }).waitFor();
    await hana!.page.getByText("test the mediator's fallback").waitFor();
    expect(await hana!.page.locator(".level.is-chosen").count()).toBeGreaterThan(3);
    await expectAccessible(hana!.page, "released assessment");
    await hana!.page.screenshot({ path: `${shots}/assessment-participant.png`, fullPage: true });

    await sofia!.page.goto(`${parley.url}/exercises/${exerciseId}/assessment`);
    await sofia!.page.getByText("Your facilitator has not released your assessment yet.").waitFor();
    expect(await sofia!.page.content()).not.toContain("test the mediator");
    const other = await sofia!.context.request.get(`${parley.url}/api/exercises/${exerciseId}/assessments`);
    expect(other.status()).toBe(403);
  });

  it("reads in French, prints to an A4 PDF, and exports one CSV row per person", async () => {
    const [hana] = people;
    await hana!.context.addCookies([{ name: "PARLEY_LOCALE", value: "fr", url: parley.url }]);
    await hana!.page.setViewportSize({ width: 390, height: 844 });
    await hana!.page.goto(`${parley.url}/exercises/${exerciseId}/assessment`);
    await hana!.page.getByRole("heading", { name: "Évaluation de Hana Okafor" }).waitFor();
    await hana!.page.screenshot({ path: `${shots}/assessment-participant-phone-fr.png`, fullPage: true });

    await hana!.page.goto(`${parley.url}/exercises/${exerciseId}/assessment/print`);
    await hana!.page.getByRole("heading", { name: "Évaluation de Hana Okafor" }).waitFor();
    const pdf = await hana!.page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");

    const csv = await facilitatorContext.request.get(`${parley.url}/api/exercises/${exerciseId}/grades`);
    const text = await csv.text();
    const rows = text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(rows[0]).toMatch(/^Name,Role,/);
    expect(rows.filter((r) => r.startsWith("Hana Okafor,") || r.startsWith("Sofia Lind,"))).toHaveLength(2);

    await facilitator.setViewportSize({ width: 390, height: 844 });
    await facilitator.reload();
    await facilitator.getByRole("heading", { name: /^Assessment · / }).waitFor();
    await facilitator.screenshot({ path: `${shots}/assessment-desk-phone.png`, fullPage: true });
  });
});
