// A facilitator and three participants in separate browsers: plenary messages typed and
// sent by keyboard, a backchannel between two roles, and the third participant's page
// never showing a word of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./helpers/browser";
import { facilitatorWithLobby, joinWithRole } from "./helpers/cast";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";
import { expectAccessible } from "./helpers/axe";

const shots = "docs/screenshots";
const SECRET = "Codeword Juniper: we could live with armed monitors if the word stays out of the text.";

interface Seat {
  context: BrowserContext;
  page: Page;
  roleName: string;
}

describe("negotiation room", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let facilitator: Page;
  let exerciseId = "";
  const seats: Seat[] = [];

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    const lobby = await facilitatorWithLobby(
      parley,
      browser,
      { email: "lena@example.edu", displayName: "Lena Brandt", password: "negotiate-2026" },
      { width: 1440, height: 900 },
    );
    ({ page: facilitator, exerciseId } = lobby);
    for (const [name, roleKey, viewport] of [
      ["Hana Okafor", "host-nation", { width: 1280, height: 800 }],
      ["Ravi Menon", "un-mediator", { width: 1280, height: 800 }],
      ["Sofia Lind", "regional-body", { width: 390, height: 844 }],
      ["Idris Kovač", "armed-opposition", { width: 1280, height: 800 }],
    ] as const) {
      seats.push({ ...(await joinWithRole(parley, browser, lobby, name, roleKey, viewport)), roleName: "" });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it("lets the facilitator start the exercise from the console and move to a phase with backchannels", async () => {
    await facilitator.goto(`${parley.url}/exercises/${exerciseId}`);
    await facilitator.getByRole("link", { name: "Open the facilitator console" }).click();
    await facilitator.waitForURL(/\/console$/);
    await facilitator.getByText("Connected").waitFor();
    await facilitator.getByRole("button", { name: "Start" }).click();
    await facilitator.getByRole("button", { name: "Pause" }).waitFor();
    await facilitator.getByRole("button", { name: "Next phase" }).click();
    await facilitator.getByRole("button", { name: "Previous phase" }).waitFor();
    await expectAccessible(facilitator, "facilitator console");
    await expectAccessible(seats[0]!.page, "negotiation room");
    await expectAccessible(seats[2]!.page, "negotiation room on a phone");
  });

  it("sends a plenary message with the keyboard alone and everyone sees it", async () => {
    const [host] = seats;
    const composer = host!.page.getByRole("textbox", { name: /Message to Plenary/ });
    await composer.waitFor();
    await composer.focus();
    await host!.page.keyboard.type("The government of Dravonia will negotiate in good faith.");
    await host!.page.keyboard.press("Enter");
    for (const seat of seats) {
      await seat.page.getByTestId("messages").getByText("will negotiate in good faith").waitFor();
    }
    await facilitator.getByTestId("messages").getByText("will negotiate in good faith").waitFor();
  });

  it("explains a refusal from the server in the participant's language", async () => {
    // Idris reads Parley in French and sends faster than the rate limit allows (20 per 10 s).
    const idris = seats[3]!;
    await idris.context.addCookies([{ name: "PARLEY_LOCALE", value: "fr", url: parley.url }]);
    await idris.page.reload();
    await idris.page.getByText("Connecté").waitFor();
    const composer = idris.page.locator(".composer textarea");
    // Each refused message says so (several may be refused once the limit is reached).
    const refusal = idris.page.getByRole("alert").filter({ hasText: "Vous envoyez trop vite ; patientez quelques secondes" }).first();
    for (let i = 0; i < 25 && !(await refusal.isVisible()); i++) {
      await composer.fill(`Point ${i + 1} of our position.`);
      await composer.press("Enter");
      await idris.page.waitForFunction(() => {
        const input = document.querySelector<HTMLTextAreaElement>(".composer textarea");
        return input?.value === "" || document.querySelector("[role=alert]") !== null;
      });
    }
    await refusal.waitFor();
    expect(await idris.page.content()).not.toContain("You are sending too fast");
    // The conversation now overflows its panel and stays scrolled to the newest message.
    const list = idris.page.getByTestId("messages");
    const scroll = await list.evaluate((el) => ({
      overflows: el.scrollHeight > el.clientHeight,
      atEnd: el.scrollHeight - el.scrollTop - el.clientHeight < 2,
    }));
    expect(scroll).toEqual({ overflows: true, atEnd: true });
    await idris.context.addCookies([{ name: "PARLEY_LOCALE", value: "en", url: parley.url }]);
    await idris.page.reload();
    await idris.page.getByText("Connected").waitFor();
  });

  it("opens a backchannel between two roles that the third never sees", async () => {
    const [host, mediator, regional] = seats;
    await host!.page.getByText("Request a backchannel").click();
    await host!.page
      .getByRole("checkbox", { name: /Special Envoy|UN|Mediator/i })
      .first()
      .check();
    await host!.page.getByRole("button", { name: "Send request" }).click();

    await mediator!.page.getByRole("button", { name: "Accept" }).click();
    await host!.page.getByRole("button", { name: /^Private / }).click();
    const composer = host!.page.getByRole("textbox", { name: /Message to/ });
    await composer.fill(SECRET);
    await composer.press("Enter");
    await mediator!.page.getByRole("button", { name: /^Private / }).click();
    await mediator!.page.getByTestId("messages").getByText(SECRET).waitFor();
    await host!.page.screenshot({ path: `${shots}/room-backchannel.png` });

    // A later plenary message reaches the third participant; the secret never does.
    // Switching channels by keyboard alone.
    await mediator!.page.getByRole("button", { name: /^Plenary/ }).focus();
    await mediator!.page.keyboard.press("Enter");
    const plenary = mediator!.page.getByRole("textbox", { name: /Message to Plenary/ });
    await plenary.fill("Thank you. Let us continue in plenary.");
    await plenary.press("Enter");
    for (const outsider of [regional!, seats[3]!]) {
      await outsider.page.getByTestId("messages").getByText("Let us continue in plenary").waitFor();
      expect(await outsider.page.content()).not.toContain("Codeword Juniper");
      expect(await outsider.page.getByRole("button", { name: /^Private / }).count()).toBe(0);
    }
    await regional!.page.screenshot({ path: `${shots}/room-phone.png`, fullPage: true });
    // The facilitator reads the backchannel only by opening it, which is audited.
    await facilitator.getByRole("button", { name: /^Private / }).click();
    await facilitator.getByRole("button", { name: "Open and read this backchannel" }).click();
    await facilitator.getByTestId("messages").getByText(SECRET).waitFor();
  });

  it("drafts privately in the backchannel, tables the draft in plenary and signs a specific version", async () => {
    const [host, mediator, regional] = seats;
    await facilitator.getByRole("button", { name: "Next phase" }).click(); // drafting
    await host!.page.getByRole("button", { name: /^Private / }).click();
    await host!.page.getByRole("button", { name: "Start a draft here from the template" }).click();
    await mediator!.page
      .getByRole("heading", { name: /Ceasefire|Agreement/ })
      .first()
      .waitFor();
    // Not tabled yet: the regional body (on a phone: its Agreement tab) sees no draft at all.
    await regional!.page.getByRole("tab", { name: "Agreement" }).click();
    await regional!.page.getByText("No draft is visible to you yet.").waitFor();
    await host!.page.getByRole("button", { name: "Table in plenary" }).click();
    // Tabled: the regional body proposes an amendment, the tabling delegation accepts it.
    await regional!.page.getByRole("button", { name: "Amend" }).first().click();
    await regional!.page
      .getByLabel("New text")
      .fill("From 00:00 on the third day after signature, the Parties shall cease all offensive operations.");
    await regional!.page.getByLabel("Reason (optional)").fill("A fixed start gives commanders time to pass the order.");
    await regional!.page.getByRole("button", { name: "Propose" }).click();
    await host!.page.getByRole("heading", { name: "Proposed amendments" }).waitFor();
    // Before deciding: who proposed it, why, and what it changes, word by word.
    await host!.page
      .getByText(/proposed by Concord of Northern States.*Sofia Lind/)
      .first()
      .waitFor();
    await host!.page.getByText("Reason: A fixed start gives commanders time to pass the order.").first().waitFor();
    expect(await host!.page.locator(".agreement ins").count()).toBeGreaterThan(0);
    await host!.page.getByRole("heading", { name: "Proposed amendments" }).evaluate((el) => el.scrollIntoView({ block: "start" }));
    await host!.page.screenshot({ path: `${shots}/agreement-amendment.png` });
    await host!.page.getByRole("button", { name: "Accept" }).click();
    await regional!.page.getByText("Version 2").first().waitFor();
    // Afterwards the history credits the proposer, not the delegation that accepted it.
    await host!.page.getByText("Decided amendments (1)").click();
    await host!.page
      .getByText(/proposed by Concord of Northern States.*Sofia Lind/)
      .first()
      .waitFor();
    // Signing by keyboard alone, on the amended version, after a confirmation naming it.
    await regional!.page.getByRole("button", { name: "Sign version 2" }).focus();
    await regional!.page.keyboard.press("Enter");
    const confirm = regional!.page.getByRole("alertdialog", { name: /Sign version 2 of/ });
    await confirm.waitFor();
    await regional!.page.keyboard.press("Tab"); // from Cancel (focused first) to the confirmation
    await regional!.page.keyboard.press("Enter");
    await confirm.waitFor({ state: "detached" });
    await seats[3]!.page.getByRole("button", { name: "Sign version 2" }).click();
    await seats[3]!.page.getByRole("alertdialog").getByRole("button", { name: "Sign version 2" }).click();
    await host!.page.locator(".signature.is-signed").nth(1).waitFor();
    await host!.page.screenshot({ path: `${shots}/agreement.png` });
    // Tracked changes between any two versions, chosen by the reader.
    await host!.page.getByText("Versions and differences").click();
    await host!.page.getByLabel("Compare version").selectOption("1");
    await host!.page.getByLabel("with version").selectOption("2");
    const changes = host!.page.getByRole("group", { name: "Differences between version 1 and 2" });
    expect(await changes.locator("ins").count()).toBeGreaterThan(0);
  });

  it("opens the agreement as a wide document, discusses a clause where it stands and runs a clause vote", async () => {
    const [host, mediator, regional, opposition] = seats;
    // On a desk the agreement takes the main pane; the conversation moves aside.
    await host!.page.getByRole("button", { name: "Open as document" }).click();
    await host!.page.getByRole("button", { name: "Back to the side pane", pressed: true }).waitFor();
    const width = (selector: string) => host!.page.locator(selector).evaluate((el) => el.getBoundingClientRect().width);
    expect(await width(".pane-agreement")).toBeGreaterThan(await width(".pane-chat"));

    // A clause's thread, opened on the phone, lives in plenary with the agreement.
    const clause = regional!.page.locator(".clauses > li").first();
    await clause.getByText("Discuss this clause").click();
    await clause.getByRole("textbox", { name: /Message to the thread on/ }).fill("Could the start be dawn rather than midnight?");
    await clause.getByRole("textbox", { name: /Message to the thread on/ }).press("Enter");
    const hostClause = host!.page.locator(".clauses > li").first();
    await hostClause.getByText("Discussion (1)").waitFor();
    await hostClause.getByText("Discussion (1)").click();
    await hostClause.getByText("Could the start be dawn rather than midnight?").waitFor();
    await host!.page.locator(".pane-agreement").evaluate((el) => el.scrollTo(0, 0));
    await host!.page.screenshot({ path: `${shots}/agreement-document.png` });
    await opposition!.page.getByTestId("messages").getByText("Could the start be dawn rather than midnight?").waitFor();
    await opposition!.page
      .getByTestId("messages")
      .getByText(/^On clause “/)
      .first()
      .waitFor();

    // The mediator calls a vote on the first clause; every delegation hears of it.
    await mediator!.page.getByLabel("Call a vote on").selectOption({ index: 1 });
    await mediator!.page.getByRole("button", { name: "Call a vote" }).click();
    await regional!.page
      .getByTestId("announcer")
      .filter({ hasText: /A vote is called on clause/ })
      .waitFor({ state: "attached" });
    await host!.page.getByTestId("vote-open").getByRole("button", { name: "Yes" }).click();
    await regional!.page.getByTestId("vote-open").getByRole("button", { name: "No" }).click();
    await opposition!.page.getByTestId("vote-open").getByRole("button", { name: "Abstain" }).click();
    await mediator!.page.getByTestId("vote-open").getByText("3 of 4 delegations have voted").waitFor();
    await regional!.page.getByTestId("vote-open").scrollIntoViewIfNeeded();
    await regional!.page.screenshot({ path: `${shots}/agreement-vote-phone.png` });
    // Closing early is confirmed, by keyboard, naming who has not voted.
    await mediator!.page.getByRole("button", { name: "Close the vote" }).focus();
    await mediator!.page.keyboard.press("Enter");
    const close = mediator!.page.getByRole("alertdialog");
    await close.getByText(/Not voted yet: UN/).waitFor();
    await mediator!.page.keyboard.press("Tab");
    await mediator!.page.keyboard.press("Enter");
    for (const seat of [host!, regional!, opposition!]) {
      const result = seat.page.getByTestId("vote-result").first();
      await result.getByText("1 yes · 1 no · 1 abstain").waitFor();
      await result.getByText(/Government of Dravonia: Yes/).waitFor();
    }
    await facilitator.getByTestId("vote-result").first().getByText("1 yes · 1 no · 1 abstain").waitFor();
    await host!.page.getByTestId("vote-result").first().scrollIntoViewIfNeeded();
    await host!.page.screenshot({ path: `${shots}/agreement-vote.png` });
    await expectAccessible(host!.page, "agreement as a document");
    await expectAccessible(regional!.page, "agreement with a vote on a phone");
    // The same result in French, on the phone.
    await regional!.context.addCookies([{ name: "PARLEY_LOCALE", value: "fr", url: parley.url }]);
    await regional!.page.reload();
    await regional!.page.getByRole("tab", { name: "Accord" }).click();
    const resultFr = regional!.page.getByTestId("vote-result").first();
    await resultFr.getByText("1 pour · 1 contre · 1 abstention(s)").waitFor();
    await resultFr.scrollIntoViewIfNeeded();
    await regional!.page.screenshot({ path: `${shots}/agreement-vote-phone-fr.png` });
    await regional!.context.addCookies([{ name: "PARLEY_LOCALE", value: "en", url: parley.url }]);
    await regional!.page.reload();
    await regional!.page.getByText("Connected").waitFor();
  });

  it("releases an edited inject from the console that participants see as an inject", async () => {
    await facilitator.getByRole("button", { name: "Edit & release" }).first().click();
    await facilitator.getByLabel("Text").first().fill("Edited on the day: reporters gather outside Hallen Castle.");
    await facilitator.getByRole("checkbox", { name: "Everyone" }).first().check();
    await facilitator.getByRole("button", { name: "Release now" }).click();
    // Each participant is told at once: a toast, and the same words in the live region.
    for (const seat of seats) {
      await seat.page
        .getByTestId("announcer")
        .filter({ hasText: /^Inject: .*reporters gather outside Hallen Castle/ })
        .waitFor({ state: "attached" });
    }
    await seats[0]!.page.locator(".toast").filter({ hasText: "reporters gather outside Hallen Castle" }).waitFor();
    await seats[0]!.page.screenshot({ path: `${shots}/room-inject-toast.png` });
    await facilitator.screenshot({ path: `${shots}/console.png` });
    const fits = await facilitator.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1);
    if (!fits) {
      const below = await facilitator.evaluate(() =>
        [
          `doc ${document.documentElement.scrollHeight} window ${window.innerHeight}`,
          ...[...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().bottom > window.innerHeight + 1 && el.getBoundingClientRect().height > 0)
            .slice(0, 8)
            .map(
              (el) =>
                `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} ${Math.round(el.getBoundingClientRect().top)}+${Math.round(el.getBoundingClientRect().height)}`,
            ),
        ].join(" | "),
      );
      process.stdout.write(`console below the window: ${below}\n`);
    }
    expect(fits, "the console fits a 1440×900 laptop screen without scrolling").toBe(true);
  });

  it("ends the exercise and replays it as one participant saw it", async () => {
    const [, , regional] = seats;
    await facilitator.getByRole("button", { name: "End", exact: true }).click();
    const endDialog = facilitator.getByRole("alertdialog", { name: "End the exercise for everyone?" });
    await endDialog.waitFor();
    await facilitator.screenshot({ path: `${shots}/console-end-confirm.png` });
    await endDialog.getByRole("button", { name: "End the exercise" }).click();
    // Everyone is told, and the room says where the debrief is.
    await regional!.page.getByTestId("ended-banner").getByRole("link", { name: "Open the debrief" }).waitFor();
    await regional!.page.getByTestId("announcer").filter({ hasText: "The exercise has ended" }).waitFor({ state: "attached" });
    await regional!.page.goto(`${parley.url}/exercises/${exerciseId}/debrief`);
    await regional!.page.getByRole("slider", { name: "Moment in the exercise" }).waitFor();
    await regional!.page.getByText("Let us continue in plenary").waitFor();
    expect(await regional!.page.content()).not.toContain("Codeword Juniper");
    // The clause vote's result, in the agreement as it stood, and among the moments to jump to.
    await regional!.page.getByTestId("debrief-votes").getByText("1 yes · 1 no · 1 abstain").waitFor();
    expect(await regional!.page.locator("option", { hasText: /Vote on .*1 yes, 1 no, 1 abstain/ }).count()).toBe(1);
    await regional!.page.screenshot({ path: `${shots}/debrief-participant-phone.png`, fullPage: true });
    await expectAccessible(regional!.page, "debrief as a participant");
    await facilitator.goto(`${parley.url}/exercises/${exerciseId}/debrief`);
    await facilitator.getByRole("slider", { name: "Moment in the exercise" }).waitFor();
    await facilitator.screenshot({ path: `${shots}/debrief-facilitator.png`, fullPage: true });
    await facilitator
      .getByRole("navigation", { name: "Channels" })
      .getByRole("button", { name: /Government of Dravonia · UN Special/ })
      .click();
    await facilitator.getByText(SECRET).waitFor();
    await expectAccessible(facilitator, "debrief as the facilitator");
  });

  it("scrubs in proportion to time, steps to the first signature by keyboard, and searches only what the viewer may see", async () => {
    const [, , regional] = seats;
    // A participant outside the backchannel: its words are not found; plenary is.
    const search = regional!.page.getByRole("searchbox", { name: "Search the replay" });
    await search.fill("Codeword");
    await regional!.page.getByRole("search").getByText("No results").waitFor();
    await search.fill("continue in plenary");
    const results = regional!.page.getByRole("list", { name: "Search results" });
    await results.getByRole("button").first().click();
    await regional!.page.locator(".message.is-found", { hasText: "Let us continue in plenary" }).waitFor();
    expect(await regional!.page.content()).not.toContain("Codeword Juniper");

    const slider = facilitator.getByRole("slider", { name: "Moment in the exercise" });
    const marks = (state: "past" | "future") => facilitator.locator(`[data-track] [data-state="${state}"]`).count();
    const signatures = facilitator.locator('[data-track="signatures"]');
    // Dragged to the far end every track is in the past; to the start, the later marks are ahead.
    await slider.scrollIntoViewIfNeeded();
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    await facilitator.mouse.click(box.x + box.width - 2, y);
    await expect.poll(() => marks("future")).toBe(0);
    await facilitator.mouse.move(box.x + box.width - 2, y);
    await facilitator.mouse.down();
    await facilitator.mouse.move(box.x + 2, y, { steps: 12 });
    await facilitator.mouse.up();
    await expect.poll(() => marks("future")).toBeGreaterThan(0);
    await signatures.getByText(/0 of 2/).waitFor();
    // Key moments by keyboard: Page Up steps to the next one until the first signature.
    await slider.focus();
    await facilitator.keyboard.press("Home");
    for (let i = 0; i < 40 && !((await slider.getAttribute("aria-valuetext")) ?? "").includes("First signature"); i++)
      await facilitator.keyboard.press("PageUp");
    expect(await slider.getAttribute("aria-valuetext")).toContain("First signature");
    await signatures.getByText(/1 of 2/).waitFor();
    await facilitator.screenshot({ path: `${shots}/debrief-timeline.png` });
    // On a phone nothing pushes the page sideways (long moment names wrap, selects shrink).
    const page = await regional!.page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(page.scroll).toBeLessThanOrEqual(page.client);
    await regional!.page.screenshot({ path: `${shots}/debrief-timeline-phone.png` });
    await expectAccessible(facilitator, "debrief timeline");
  });
});
