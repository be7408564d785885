// Important moments in the debrief, in a browser: the facilitator flags moments by
// keyboard (the toggles say whether they are pressed, the live region says what changed),
// filters the event list to them, reaches them with Page Up and Page Down, and shares one;
// a participant on a phone sees only the shared flag, read-only, and filters to it too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { expectAccessible } from "./helpers/axe";
import { launchBrowser } from "./helpers/browser";
import { endFromConsole, facilitatorWithLobby, joinWithRole, startFromConsole } from "./helpers/cast";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";

const shots = "docs/screenshots";
const OPENING = "Hallen will not accept monitors inside its borders without a date for the vote.";
const ANSWER = "We can support a date if the monitors report to the regional body.";
const CLOSING = "Then we have the outline of a deal: monitors, a date, and a report to the region.";

describe("important moments in the debrief", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let facilitator: Page;
  let exerciseId = "";
  const people: { name: string; context: BrowserContext; page: Page }[] = [];

  const announced = (page: Page, text: string | RegExp) => page.locator(".tl-announce").filter({ hasText: text }).waitFor();
  const row = (page: Page, text: string) => page.locator(".messages > li.message", { hasText: text });
  const slider = (page: Page) => page.getByRole("slider", { name: "Moment in the exercise" });
  /** The focused element's accessible name and pressed state, to follow the keyboard. */
  const focused = (page: Page) =>
    page.evaluate(() => ({
      text: document.activeElement?.textContent?.trim() ?? "",
      pressed: document.activeElement?.getAttribute("aria-pressed") ?? null,
    }));
  const pressed = (button: Locator) => button.getAttribute("aria-pressed");

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    const lobby = await facilitatorWithLobby(
      parley,
      browser,
      { email: "mira@example.edu", displayName: "Mira Castell", password: "negotiate-2026" },
      { width: 1366, height: 900 },
    );
    ({ page: facilitator, exerciseId } = lobby);
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

  it("runs a short exercise: three plenary messages, then the end", async () => {
    await startFromConsole(parley, facilitator, exerciseId);
    for (const [i, text] of [OPENING, ANSWER, CLOSING].entries()) {
      const page = people[i % 2]!.page;
      if (i === 1) await page.getByRole("tab", { name: /Chat/ }).click();
      const box = page.getByRole("textbox", { name: /Message to Plenary/ });
      await box.fill(text);
      await box.press("Enter");
      await page.locator(".message-body", { hasText: text }).waitFor();
    }
    await endFromConsole(facilitator);
  });

  it("lets the facilitator flag a moment by keyboard and share it, each toggle announced", async () => {
    await facilitator.goto(`${parley.url}/exercises/${exerciseId}/debrief`);
    await slider(facilitator).waitFor();
    // No flags yet: no track for them, and the filter says so.
    expect(await facilitator.locator('[data-track="flags"]').count()).toBe(0);

    // From the answer's "Pin a note", Tab reaches its flag toggle; Space presses it.
    const answer = row(facilitator, ANSWER);
    await answer.getByRole("button", { name: "Pin a note" }).focus();
    await facilitator.keyboard.press("Tab");
    expect(await focused(facilitator)).toEqual({ text: "☆ Flag as important", pressed: "false" });
    await facilitator.keyboard.press("Space");
    await announced(facilitator, /^Flagged as important: .*We can support a date/);
    const toggle = answer.getByRole("button", { name: "Flag as important" });
    await expect.poll(() => pressed(toggle)).toBe("true");
    // Still in focus after the replay is read again; Tab goes on to sharing the flag.
    expect((await focused(facilitator)).pressed).toBe("true");
    await facilitator.keyboard.press("Tab");
    expect(await focused(facilitator)).toEqual({ text: "Share with participants", pressed: "false" });
    await facilitator.keyboard.press("Enter");
    await announced(facilitator, /^Participants now see this flag: /);
    await expect.poll(() => pressed(answer.getByRole("button", { name: "Share with participants" }))).toBe("true");

    // The opening is flagged for the facilitator only.
    await row(facilitator, OPENING).getByRole("button", { name: "Flag as important" }).click();
    await announced(facilitator, /^Flagged as important: .*Hallen will not accept monitors/);
    await expect.poll(() => pressed(row(facilitator, OPENING).getByRole("button", { name: "Flag as important" }))).toBe("true");
    expect(await row(facilitator, OPENING).getByRole("button", { name: "Share with participants" }).getAttribute("aria-pressed")).toBe(
      "false",
    );

    // Both are marks on their own track, with a legend entry, and moments to jump to.
    const track = facilitator.locator('[data-track="flags"]');
    await track.getByText("2 of 2").waitFor();
    expect(await track.locator(".tl-flagged").count()).toBe(2);
    await facilitator.locator(".tl-legend").getByText("Important moment").waitFor();
    const options = await facilitator.getByLabel("Jump to").locator("option").allTextContents();
    expect(options.filter((o) => o.includes("Flagged: "))).toHaveLength(2);
  });

  it("filters the event list to important moments and reaches them with Page Up and Page Down", async () => {
    const filter = facilitator.getByRole("checkbox", { name: "Important moments only" });
    await filter.focus();
    await facilitator.keyboard.press("Space");
    await announced(facilitator, "Showing 2 important moments");
    const list = facilitator.getByRole("list", { name: "Important moments" });
    await expect.poll(() => list.locator("> li").count()).toBe(2);
    expect(await list.textContent()).not.toContain(CLOSING);

    // Page Up from the start: to the next key moment until the first flagged one.
    const moment = slider(facilitator);
    await moment.focus();
    await facilitator.keyboard.press("Home");
    for (let i = 0; i < 10 && !((await moment.getAttribute("aria-valuetext")) ?? "").includes("Flagged: "); i++)
      await facilitator.keyboard.press("PageUp");
    expect(await moment.getAttribute("aria-valuetext")).toContain("Hallen will not accept monitors");
    await announced(facilitator, /^Flagged: .*Hallen will not accept monitors/);
    // Up to this moment, one important moment; the other is still to come.
    await expect.poll(() => list.locator("> li").count()).toBe(1);
    await facilitator.getByText("1 more comes later in the exercise.").waitFor();
    await facilitator.keyboard.press("PageUp");
    await announced(facilitator, /^Flagged: .*We can support a date/);
    await expect.poll(() => list.locator("> li").count()).toBe(2);
    // The page down to the end of the event list (the figures below have pictures of their own).
    const height = await facilitator.evaluate(() =>
      Math.ceil(document.querySelector(".debrief-grid")!.getBoundingClientRect().bottom + window.scrollY + 16),
    );
    await facilitator.screenshot({ path: `${shots}/debrief-flags.png`, fullPage: true, clip: { x: 0, y: 0, width: 1366, height } });
    // Page Down goes back past the first flag: nothing important yet, and the list says so.
    await facilitator.keyboard.press("PageDown");
    await facilitator.keyboard.press("PageDown");
    await facilitator.getByTestId("important-empty").getByText("No important moment up to this point; 2 come later.").waitFor();
    await expectAccessible(facilitator, "debrief with important moments");

    // "Show in context" leaves the filter for the conversation, on the message.
    await facilitator.keyboard.press("End");
    await list.locator("> li", { hasText: ANSWER }).getByRole("button", { name: "Show in context" }).click();
    await facilitator.locator(".message.is-found", { hasText: ANSWER }).waitFor();
    expect(await filter.isChecked()).toBe(false);
  });

  it("shows a participant on a phone only the shared flag, read-only, and lets them filter to it", async () => {
    const phone = people[1]!.page;
    await phone.goto(`${parley.url}/exercises/${exerciseId}/debrief`);
    await slider(phone).waitFor();
    await row(phone, ANSWER).locator(".badge-important").getByText("Important").waitFor();
    expect(await row(phone, OPENING).locator(".badge-important").count()).toBe(0);
    expect(await phone.getByRole("button", { name: /Flag as important|Flag this moment|Share with participants/ }).count()).toBe(0);
    await phone.locator('[data-track="flags"]').getByText("1 of 1").waitFor();
    await phone.getByRole("checkbox", { name: "Important moments only" }).check();
    const list = phone.getByRole("list", { name: "Important moments" });
    await expect.poll(() => list.locator("> li").count()).toBe(1);
    expect(await list.textContent()).toContain(ANSWER);
    // From the timeline (the flags' track) down to the list, as one phone-wide picture.
    const clip = await phone.evaluate(() => {
      const top = document.querySelector(".timeline")!.getBoundingClientRect().top + window.scrollY;
      const bottom = document.querySelector(".important-moments")!.getBoundingClientRect().bottom + window.scrollY;
      return { x: 0, y: Math.max(0, top - 8), width: document.documentElement.clientWidth, height: bottom - top + 24 };
    });
    await phone.screenshot({ path: `${shots}/debrief-flags-phone.png`, fullPage: true, clip });
    const page = await phone.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(page.scroll).toBeLessThanOrEqual(page.client);
    await expectAccessible(phone, "debrief with a shared flag, phone");
  });

  it("takes a flag off by keyboard, and the moment leaves the list", async () => {
    await facilitator.getByRole("checkbox", { name: "Important moments only" }).check();
    const list = facilitator.getByRole("list", { name: "Important moments" });
    await expect.poll(() => list.locator("> li").count()).toBe(2);
    const toggle = list.locator("> li", { hasText: OPENING }).getByRole("button", { name: "Flag as important" });
    await toggle.focus();
    await facilitator.keyboard.press("Enter");
    await announced(facilitator, /^No longer flagged: /);
    await expect.poll(() => list.locator("> li").count()).toBe(1);
    await facilitator.locator('[data-track="flags"]').getByText("1 of 1").waitFor();
  });
});
