// The room as a negotiation table, on a desk and on a phone: the conversation and its
// composer in view without scrolling, every notice shown and announced (the live region's
// text is read back), a pause that says why, a convened backchannel, the chair's voice,
// the 2,000-character limit said rather than cut, right-to-left text, and the French room.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./helpers/browser";
import { facilitatorWithLobby } from "./helpers/cast";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";
import { expectAccessible } from "./helpers/axe";
import { firstLoadJs } from "./helpers/first-load";

const shots = "docs/screenshots";

interface Seat {
  context: BrowserContext;
  page: Page;
}

describe("the room: layout and notices", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let facilitator: Page;
  let exerciseId = "";
  let host: Seat;
  let mediator: Seat;
  let regional: Seat;

  /** Waits until the page's live region has said `text`. */
  const announced = (page: Page, text: string | RegExp) =>
    page.getByTestId("announcer").filter({ hasText: text }).waitFor({ state: "attached" });
  /** Whether an element lies wholly inside the window, as laid out now. */
  const inView = (page: Page, selector: string) =>
    page
      .locator(selector)
      .last()
      .evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight + 1 && r.height > 0;
      });
  const pageFits = async (page: Page) => {
    const fits = await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1);
    if (!fits) {
      // What overflows, for whoever reads a failure.
      const why = await page.evaluate(() => {
        const box = (sel: string) => {
          const el = document.querySelector(sel);
          return el
            ? `${sel} ${Math.round(el.getBoundingClientRect().top)}+${Math.round(el.getBoundingClientRect().height)}`
            : `${sel} none`;
        };
        const below = [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().bottom > window.innerHeight + 1 && el.getBoundingClientRect().height > 0)
          .slice(0, 6)
          .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} ${Math.round(el.getBoundingClientRect().bottom)}`);
        return [
          `window ${window.innerHeight} doc ${document.documentElement.scrollHeight} body ${document.body.scrollHeight}`,
          `below: ${below.join(" | ")}`,
          ...[
            ".site-header",
            ".site-main",
            ".room-table",
            ".room-head",
            ".room-tabs",
            ".pane-chat",
            ".pane-channels",
            ".pane-agreement",
            ".pane-brief",
            ".composer",
            ".toast-viewport",
          ].map(box),
        ].join("; ");
      });
      process.stdout.write(`overflow: ${why}\n`);
    }
    return fits;
  };

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    const lobby = await facilitatorWithLobby(
      parley,
      browser,
      { email: "ada@example.edu", displayName: "Ada Moreau", password: "negotiate-2026" },
      { width: 1366, height: 900 },
    );
    ({ page: facilitator, exerciseId } = lobby);
    const { joinCode } = lobby;

    const seat = async (name: string, roleKey: string, viewport: { width: number; height: number }, locale?: string): Promise<Seat> => {
      const context = await browser.newContext({ viewport });
      if (locale) await context.addCookies([{ name: "PARLEY_LOCALE", value: locale, url: parley.url }]);
      const page = await context.newPage();
      await page.goto(`${parley.url}/join?code=${joinCode}`);
      await page.locator("input[name=displayName]").fill(name);
      await page.locator("form button[type=submit]").click();
      await page.waitForURL(/\/exercises\/[^/]+$/);
      const taken = await context.request.post(`${parley.url}/api/exercises/${exerciseId}/roles`, {
        data: { roleKey },
        headers: { origin: parley.url },
      });
      expect(((await taken.json()) as { ok: boolean }).ok).toBe(true);
      await page.goto(`${parley.url}/exercises/${exerciseId}/room`);
      await page.getByTestId("connection").locator(".connection-dot").waitFor();
      return { context, page };
    };
    host = await seat("Hana Okafor", "host-nation", { width: 1366, height: 900 });
    mediator = await seat("Ravi Menon", "un-mediator", { width: 390, height: 844 });
    regional = await seat("Sofia Lind", "regional-body", { width: 390, height: 844 }, "fr");

    await facilitator.goto(`${parley.url}/exercises/${exerciseId}/console`);
    await facilitator.getByText("Connected").waitFor();
    await facilitator.getByRole("button", { name: "Start" }).click();
    await announced(host.page, "The exercise has started");
    await announced(regional.page, "L’exercice a commencé");
  });
  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it("keeps the composer and the newest message in view without scrolling, on a desk and on a phone", async () => {
    const box = host.page.getByRole("textbox", { name: "Message to Plenary" });
    for (let i = 1; i <= 14; i++) {
      await box.fill(`Point ${i}: the government restates its position on the ceasefire line.`);
      await box.press("Enter");
    }
    await host.page.getByTestId("messages").getByText("Point 14:").waitFor();
    await mediator.page.getByTestId("messages").getByText("Point 14:").waitFor();
    await host.page.screenshot({ path: `${shots}/room.png` });
    await mediator.page.screenshot({ path: `${shots}/room-phone.png` });
    for (const page of [host.page, mediator.page]) {
      expect(await pageFits(page), "the page itself does not scroll").toBe(true);
      expect(await inView(page, ".composer textarea"), "the composer is in view").toBe(true);
      const newest = await inView(page, "[data-testid=messages] .message");
      if (!newest)
        process.stdout.write(
          `list: ${await page.getByTestId("messages").evaluate((l) => `top ${l.scrollTop} height ${l.scrollHeight} client ${l.clientHeight} rect ${Math.round(l.getBoundingClientRect().top)}+${Math.round(l.getBoundingClientRect().height)}`)}\n`,
        );
      expect(newest, "the newest message is in view").toBe(true);
    }
    // Consecutive messages of one speaker are grouped under one name line.
    expect(await host.page.locator(".message.is-continued").count()).toBeGreaterThan(10);
    await host.page.screenshot({ path: `${shots}/room.png` });
    await mediator.page.screenshot({ path: `${shots}/room-phone.png` });
    await expectAccessible(host.page, "room, desk");
    await expectAccessible(mediator.page, "room, phone");
  });

  it("announces a phase change and an extension to everyone", async () => {
    await facilitator.getByRole("button", { name: "Next phase" }).click();
    for (const page of [host.page, mediator.page]) await announced(page, "New phase: ");
    await announced(regional.page, "Nouvelle phase : ");
    await facilitator.getByRole("button", { name: "+5 min" }).click();
    await announced(host.page, "The phase was extended by 5 minutes");
    await host.page.locator(".toast").filter({ hasText: "extended by 5 minutes" }).waitFor();
  });

  it("pauses with a reason everyone reads, keeps drafts and disables the composer until it resumes", async () => {
    await mediator.page.getByRole("textbox", { name: "Message to Plenary" }).fill("A draft written before the pause");
    await facilitator.getByRole("button", { name: "Pause" }).click();
    await facilitator.getByLabel("Reason (everyone reads it)").fill("Fire drill: back in ten minutes");
    await facilitator.getByRole("button", { name: "Pause now" }).click();
    await announced(host.page, "The exercise is paused. Fire drill: back in ten minutes");
    await host.page.getByTestId("paused-banner").getByText("Fire drill: back in ten minutes").waitFor();
    const box = mediator.page.getByRole("textbox", { name: "Message to Plenary" });
    await expect(box.isDisabled()).resolves.toBe(true);
    await mediator.page.getByText("Paused: Fire drill: back in ten minutes.").waitFor();
    await expect(box.inputValue()).resolves.toBe("A draft written before the pause");
    await mediator.page.screenshot({ path: `${shots}/room-paused-phone.png` });
    await facilitator.getByRole("button", { name: "Resume" }).click();
    await announced(mediator.page, "The exercise has resumed");
    await expect(box.isDisabled()).resolves.toBe(false);
    await box.fill("");
  });

  it("lets the mediator convene a backchannel on a phone, and invites by request with a badge on the Channels tab", async () => {
    await mediator.page.getByRole("tab", { name: /Channels/ }).click();
    await mediator.page.getByText("Open a backchannel").click();
    await mediator.page.getByLabel("Government of Dravonia").check();
    // One party is not a meeting: the room says so before asking the server.
    await mediator.page.getByRole("button", { name: "Convene now" }).click();
    await mediator.page.getByRole("alert").getByText("To convene, choose at least two delegations.").waitFor();
    await mediator.page.getByLabel("Korvathi Resistance Army (KRA)").check();
    await mediator.page.getByRole("button", { name: "Convene now" }).click();
    // Convened: open at once, and the mediator is back in the chat, in it.
    await mediator.page.getByRole("heading", { name: /Government of Dravonia/ }).waitFor();
    await announced(host.page, "UN Special Envoy for Korvath has convened a backchannel with you");
    await host.page.getByRole("button", { name: /^Private .*UN Special Envoy/ }).waitFor();

    await host.page.getByText("Request a backchannel").click();
    await host.page.getByLabel("Concord of Northern States (CNS)").check();
    await host.page.getByRole("button", { name: "Send request" }).click();
    await announced(regional.page, "Government of Dravonia vous invite dans un canal officieux");
    const channelsTab = regional.page.getByRole("tab", { name: /Canaux/ });
    await channelsTab.locator(".unread").waitFor();
    await channelsTab.click();
    const invitation = regional.page.getByRole("group", { name: /Invitation/ });
    await invitation.waitFor();
    await regional.page.screenshot({ path: `${shots}/room-invitation-phone-fr.png` });
    await invitation.getByRole("button", { name: "Accepter" }).click();
    await host.page.getByText(/Off the record · .*Concord of Northern States/).waitFor();
  });

  it("says the limit instead of cutting a long message, and sets right-to-left text right to left", async () => {
    await host.page.getByRole("button", { name: /^Plenary/ }).click();
    const box = host.page.getByRole("textbox", { name: "Message to Plenary" });
    await box.fill("x".repeat(2_050));
    await host.page.getByText("Too long by 50 characters: a message holds at most 2000.").waitFor();
    await expect(host.page.getByRole("button", { name: "Send" }).isDisabled()).resolves.toBe(true);
    await expect(box.inputValue()).resolves.toHaveLength(2_050);
    await box.fill("اقتراح وقف إطلاق النار");
    await box.press("Enter");
    const body = regional.page.getByTestId("messages").getByText("اقتراح وقف إطلاق النار");
    await regional.page.getByRole("tab", { name: /Canaux/ }).click();
    await regional.page.getByRole("button", { name: /^Plénière/ }).click();
    await body.waitFor();
    expect(await body.getAttribute("dir")).toBe("auto");
    expect(await body.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
  });

  it("names channels in the reader's language and lets the facilitator speak in plenary as chair", async () => {
    await regional.page.getByRole("tab", { name: /Canaux/ }).click();
    for (const name of [/^Plénière/, /^Annonces/, /^Délégation : Concord of Northern States/])
      await regional.page.getByRole("button", { name }).waitFor();
    await regional.page.getByRole("tab", { name: "Discussion" }).click();
    await expectAccessible(regional.page, "room in French on a phone");
    await regional.page.screenshot({ path: `${shots}/room-phone-fr.png` });

    // In plenary the facilitator is told how to speak there; with the chair's voice they can.
    await facilitator.getByRole("button", { name: /^Plenary/ }).click();
    await facilitator.getByText("Turn on “Chair’s voice” to speak in plenary.").waitFor();
    await facilitator.getByRole("button", { name: "Chair’s voice" }).click();
    const box = facilitator.getByRole("textbox", { name: "Message to Plenary" });
    await facilitator.locator(".composer textarea:not([disabled])").waitFor();
    await box.fill("The chair thanks the delegations and calls the next speaker.");
    await box.press("Enter");
    const said = host.page.getByTestId("messages").locator(".message.is-chair").filter({ hasText: "calls the next speaker" });
    await said.waitFor();
    expect(await said.locator(".message-meta strong").textContent()).toBe("Chair");
  });

  it("announces an announcement and the end, and shows the ended banner with the debrief link", async () => {
    await facilitator.getByRole("button", { name: /^Announcements/ }).click();
    const box = facilitator.getByRole("textbox", { name: "Message to Announcements" });
    await box.fill("Ten minutes left before the deadline.");
    await box.press("Enter");
    await announced(host.page, "Announcement from the facilitator. Ten minutes left before the deadline.");
    await announced(mediator.page, "Ten minutes left before the deadline.");
    await facilitator.getByRole("button", { name: "End", exact: true }).click();
    await facilitator.getByRole("alertdialog").getByRole("button", { name: "End the exercise" }).click();
    await announced(mediator.page, "The exercise has ended");
    await mediator.page.getByTestId("ended-banner").getByRole("link", { name: "Open the debrief" }).waitFor();
    // The clock no longer says "paused" once the exercise has ended.
    expect(await mediator.page.locator(".room-head .clock").count()).toBe(0);
    expect(await mediator.page.locator(".composer textarea:not([disabled])").count()).toBe(0);
    await mediator.page.screenshot({ path: `${shots}/room-ended-phone.png` });
  });

  it("loads at most 180 KB of JavaScript (gzip) before the room runs", async () => {
    const cookie = (await host.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const load = await firstLoadJs(`${parley.url}/exercises/${exerciseId}/room`, cookie);
    // The figure, for the record (docs/performance.md quotes it).
    process.stdout.write(
      `room first-load JS: ${(load.totalGzipBytes / 1024).toFixed(1)} KB gzip in ${load.scripts.length} scripts; scripts: ${load.scripts.map((s) => `${s.src.split("/").at(-1)} ${(s.gzipBytes / 1024).toFixed(1)} KB`).join(", ")}\n`,
    );
    expect(load.scripts.length).toBeGreaterThan(0);
    expect(load.totalGzipBytes).toBeLessThanOrEqual(180 * 1024);
  });
});
