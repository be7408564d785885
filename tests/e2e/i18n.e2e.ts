// The interface in English and French: the switcher in the site header changes the
// language and a cookie keeps it across reloads and pages; with no cookie the browser's
// Accept-Language decides. URLs stay the same in both languages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "./helpers/browser";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";
import { expectAccessible } from "./helpers/axe";

const ENGLISH_TITLE = "Negotiate the crisis before it happens.";
const FRENCH_TITLE = "Négociez la crise avant qu’elle n’éclate.";

describe("interface language", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 800 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it("starts in English and switches to French with the switcher in the header", async () => {
    await page.goto(`${parley.url}/`);
    await page.getByRole("heading", { name: ENGLISH_TITLE }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    const switcher = page.getByRole("group", { name: "Language" });
    expect(await switcher.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).toBe("true");

    // By keyboard: focus the button and press Enter.
    await switcher.getByRole("button", { name: "Français" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: FRENCH_TITLE }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    expect(new URL(page.url()).pathname).toBe("/");
    await expect(page.getByRole("heading", { name: "Scénarios intégrés" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "Rejoindre un exercice" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "Aller au contenu" }).count()).resolves.toBe(1);
    expect(await page.getByRole("group", { name: "Langue" }).getByRole("button", { name: "Français" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    expect(await page.locator(".card .meta").first().textContent()).toMatch(/rôles · \d+ phases · environ \d+ minutes/);

    const cookie = (await page.context().cookies()).find((c) => c.name === "PARLEY_LOCALE");
    expect(cookie?.value).toBe("fr");
    // Kept for about a year.
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);
    await expectAccessible(page, "landing page in French");
  });

  it("keeps French after a reload and on other pages", async () => {
    await page.reload();
    await page.getByRole("heading", { name: FRENCH_TITLE }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");

    await page.goto(`${parley.url}/join`);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    await page.getByRole("heading", { name: "Rejoindre un exercice" }).waitFor();
    expect(await page.title()).toBe("Rejoindre un exercice · Parley");
    await expect(page.getByLabel("Code d’accès").isVisible()).resolves.toBe(true);
    await expect(page.getByLabel("Votre nom").isVisible()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Rejoindre", exact: true }).isVisible()).resolves.toBe(true);
    expect(await page.content()).not.toContain("Your name");

    // A wrong code is explained in French too.
    await page.getByLabel("Code d’accès").fill("ABCDE-FGHJK");
    await page.getByLabel("Votre nom").fill("Camille Dubois");
    await page.getByRole("button", { name: "Rejoindre", exact: true }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^(Aucun exercice ouvert|Trop de codes|Saisissez le code)/ })
      .waitFor();
    await expectAccessible(page, "join page in French");
  });

  it("switches back to English", async () => {
    await page.getByRole("group", { name: "Langue" }).getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Join an exercise" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expect(page.getByLabel("Your name").isVisible()).resolves.toBe(true);
    expect((await page.context().cookies()).find((c) => c.name === "PARLEY_LOCALE")?.value).toBe("en");
  });

  it("follows the browser's Accept-Language when there is no cookie, and ignores a cookie it does not know", async () => {
    const french = await browser.newContext({ locale: "fr-CA" });
    const frenchPage = await french.newPage();
    await frenchPage.goto(`${parley.url}/`);
    await frenchPage.getByRole("heading", { name: FRENCH_TITLE }).waitFor();
    expect(await frenchPage.locator("html").getAttribute("lang")).toBe("fr");
    await french.close();

    const german = await browser.newContext({ extraHTTPHeaders: { "accept-language": "de-DE, fr;q=0.8, en;q=0.5" } });
    await german.addCookies([{ name: "PARLEY_LOCALE", value: "xx", url: parley.url }]);
    const germanPage = await german.newPage();
    await germanPage.goto(`${parley.url}/`);
    await germanPage.getByRole("heading", { name: FRENCH_TITLE }).waitFor();
    await german.close();

    const other = await browser.newContext({ extraHTTPHeaders: { "accept-language": "de-DE, es;q=0.9" } });
    const otherPage = await other.newPage();
    await otherPage.goto(`${parley.url}/`);
    await otherPage.getByRole("heading", { name: ENGLISH_TITLE }).waitFor();
    expect(await otherPage.locator("html").getAttribute("lang")).toBe("en");
    await other.close();
  });
});
