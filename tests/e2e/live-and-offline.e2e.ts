// Nothing lost, everything live, in Chromium: the facilitator watches four people join
// and take roles without reloading; a late joiner's page follows their assignment; two
// messages typed offline arrive once each, in order; a backchannel accepted offline takes
// effect once; a half-typed message survives a channel switch and a reload. No step in
// this file reloads a page except the one that tests the reload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./helpers/browser";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";
import { expectAccessible } from "./helpers/axe";

const shots = "docs/screenshots";

interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
}

describe("live seating and the offline outbox", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let facilitatorContext: BrowserContext;
  let lobbyPage: Page;
  let consolePage: Page;
  let exerciseId = "";
  let joinCode = "";
  const people: Person[] = [];

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    const account = { email: "amira@example.edu", displayName: "Amira Haddad", password: "negotiate-2026" };
    expect(
      (
        await fetch(`${parley.url}/api/setup`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: parley.url },
          body: JSON.stringify({ ...account, token: parley.setupToken() }),
        })
      ).status,
    ).toBe(201);
    facilitatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    lobbyPage = await facilitatorContext.newPage();
    await lobbyPage.goto(`${parley.url}/signin`);
    await lobbyPage.getByLabel("Email").fill(account.email);
    await lobbyPage.getByLabel("Password").fill(account.password);
    await lobbyPage.getByRole("button", { name: "Sign in" }).click();
    await lobbyPage.waitForURL(/\/facilitator$/);
    const scenarios = (await (await facilitatorContext.request.get(`${parley.url}/api/scenarios`)).json()) as {
      data: { id: string; slug: string }[];
    };
    const scenarioId = scenarios.data.find((s) => s.slug === "collapsing-ceasefire")?.id;
    exerciseId = (
      (await (
        await facilitatorContext.request.post(`${parley.url}/api/exercises`, { data: { scenarioId }, headers: { origin: parley.url } })
      ).json()) as { data: { id: string } }
    ).data.id;
    joinCode = (
      (await (
        await facilitatorContext.request.post(`${parley.url}/api/exercises/${exerciseId}/lobby`, {
          data: {},
          headers: { origin: parley.url },
        })
      ).json()) as { data: { joinCode: string } }
    ).data.joinCode;
    await lobbyPage.goto(`${parley.url}/exercises/${exerciseId}`);
    await lobbyPage.getByText("Nobody has joined yet.").waitFor();
    consolePage = await facilitatorContext.newPage();
    await consolePage.goto(`${parley.url}/exercises/${exerciseId}/console`);
    await consolePage.getByText("Connected").waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  async function join(name: string, viewport = { width: 1280, height: 800 }): Promise<Person> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${parley.url}/join?code=${joinCode}`);
    await page.getByLabel("Your name").fill(name);
    await page.getByRole("button", { name: "Join" }).click();
    await page.waitForURL(/\/exercises\/[^/]+$/);
    const person = { name, context, page };
    people.push(person);
    return person;
  }

  it("shows the facilitator four people joining and taking roles, in the lobby and the console, without reloading", async () => {
    const roles = [
      "Government of Dravonia",
      "UN Special Envoy for Korvath",
      "Concord of Northern States (CNS)",
      "Korvathi Resistance Army (KRA)",
    ];
    for (const [i, name] of ["Hana Okafor", "Ravi Menon", "Sofia Lind", "Idris Kovač"].entries()) {
      const person = await join(name, i === 2 ? { width: 390, height: 844 } : { width: 1280, height: 800 });
      await lobbyPage.getByTestId("lobby-people").getByText(name).waitFor();
      await consolePage.locator(".roster").getByText(name).waitFor();
      // The role choice says which roles are taken, and by how many.
      const choice = person.page.getByTestId("role-choice");
      await choice.waitFor();
      if (i > 0) await expect(choice.getByText("1 person").count()).resolves.toBe(i);
      await person.page.getByRole("button", { name: `Take the role: ${roles[i]}` }).click();
      await person.page.getByText(`You represent ${roles[i]}.`).waitFor();
      await person.page.getByRole("heading", { name: `Your brief: ${roles[i]}` }).waitFor();
      await lobbyPage
        .getByRole("combobox", { name: `Role for ${name}` })
        .locator("option:checked", { hasText: roles[i] })
        .waitFor({ state: "attached" });
    }
    await lobbyPage.getByText("People (4)").waitFor();
    await lobbyPage.screenshot({ path: `${shots}/lobby-live.png`, fullPage: true });
    await expectAccessible(lobbyPage, "facilitator lobby with four people");
    await people[2]!.page.screenshot({ path: `${shots}/participant-role-taken-phone.png`, fullPage: true });
  });

  it("moves a late joiner's page to their role when the facilitator assigns it, without reloading", async () => {
    await consolePage.getByRole("button", { name: "Start" }).click();
    await consolePage.getByRole("button", { name: "Pause" }).waitFor();
    const late = await join("Yusuf Demir");
    await late.page.getByText("The facilitator will give you a role.").waitFor();
    await consolePage.getByRole("combobox", { name: "Role for Yusuf Demir" }).selectOption({ label: "Meridian Alliance" });
    await late.page.getByText("You represent Meridian Alliance.").waitFor();
    await late.page.getByRole("link", { name: "Enter the negotiation room" }).waitFor();
  });

  it("delivers two messages typed offline exactly once each, in order, when the connection returns", async () => {
    const hana = people[0]!;
    await hana.page.goto(`${parley.url}/exercises/${exerciseId}/room`);
    await hana.page.getByText("Connected").waitFor();
    const sofia = people[2]!;
    await sofia.page.goto(`${parley.url}/exercises/${exerciseId}/room`);
    await sofia.page.getByText("Connected").waitFor();

    await hana.context.setOffline(true);
    await hana.page.getByTestId("connection").getByText("Offline").waitFor({ timeout: 3_000 });
    const box = hana.page.getByLabel("Message to Plenary");
    await box.fill("A: we accept the monitors");
    await box.press("Enter");
    await expect(box.inputValue()).resolves.toBe("");
    await box.fill("B: but not in the text");
    await box.press("Enter");
    await expect(box.inputValue()).resolves.toBe("");
    await expect(hana.page.getByTestId("pending-message").count()).resolves.toBe(2);
    await hana.page.getByText("2 messages wait to be sent").waitFor();
    await hana.page.screenshot({ path: `${shots}/room-offline-pending.png` });

    await hana.context.setOffline(false);
    await hana.page.getByText("Back online — 2 messages sent").waitFor({ timeout: 20_000 });
    await expect(hana.page.getByTestId("pending-message").count()).resolves.toBe(0);
    const bodies = async (page: Page) =>
      (await page.getByTestId("messages").locator(".message-body").allTextContents()).filter((t) => /^[AB]: /.test(t));
    await sofia.page.getByText("B: but not in the text").waitFor();
    expect(await bodies(sofia.page)).toEqual(["A: we accept the monitors", "B: but not in the text"]);
    expect(await bodies(hana.page)).toEqual(["A: we accept the monitors", "B: but not in the text"]);
  });

  it("takes a backchannel acceptance clicked offline into effect once when the connection returns", async () => {
    const facilitatorRoom = consolePage;
    await facilitatorRoom.getByRole("button", { name: "Next phase" }).click();
    const hana = people[0]!;
    const ravi = people[1]!;
    await ravi.page.goto(`${parley.url}/exercises/${exerciseId}/room`);
    await ravi.page.getByText("Connected").waitFor();
    await hana.page.getByText("Request a backchannel").click();
    await hana.page.getByLabel("UN Special Envoy for Korvath").check();
    await hana.page.getByRole("button", { name: "Send request" }).click();
    const invitation = ravi.page.getByRole("group", { name: /Invitation/ });
    await invitation.waitFor();

    await ravi.context.setOffline(true);
    await ravi.page.getByTestId("connection").getByText("Offline").waitFor({ timeout: 3_000 });
    await invitation.getByRole("button", { name: "Accept" }).click();
    await ravi.context.setOffline(false);
    await ravi.page.getByText("Back online").waitFor({ timeout: 20_000 });
    await hana.page.getByText(/Off the record · .*UN Special Envoy for Korvath/).waitFor();
    const accepted = await (
      await facilitatorContext.request.get(`${parley.url}/api/exercises/${exerciseId}/transcript?format=json`)
    ).json();
    expect(JSON.stringify(accepted).match(/"backchannel\.accepted"/g)?.length ?? 0).toBe(1);
  });

  it("keeps a half-typed message across a channel switch and a reload, and never overwrites it with arriving messages", async () => {
    const sofia = people[2]!;
    const box = () => sofia.page.getByLabel("Message to Plenary");
    await box().fill("Draft: the Union proposes a buffer zone");
    await people[0]!.page.getByRole("button", { name: /Plenary/ }).click();
    await people[0]!.page.getByLabel("Message to Plenary").fill("Meanwhile in plenary");
    await people[0]!.page.getByLabel("Message to Plenary").press("Enter");
    await sofia.page.getByText("Meanwhile in plenary").waitFor();
    await expect(box().inputValue()).resolves.toBe("Draft: the Union proposes a buffer zone");
    // On a phone the channels are a tab of their own; choosing one goes back to the chat.
    await sofia.page.getByRole("tab", { name: /Channels/ }).click();
    await sofia.page.getByRole("button", { name: /Concord of Northern States \(CNS\) delegation/ }).click();
    await sofia.page.getByLabel("Message to Concord of Northern States (CNS) delegation").waitFor();
    await sofia.page.getByRole("tab", { name: /Channels/ }).click();
    await sofia.page.getByRole("button", { name: /Plenary/ }).click();
    await expect(box().inputValue()).resolves.toBe("Draft: the Union proposes a buffer zone");
    await sofia.page.reload();
    await sofia.page.getByText("Connected").waitFor();
    await expect(box().inputValue()).resolves.toBe("Draft: the Union proposes a buffer zone");
    await sofia.page.screenshot({ path: `${shots}/room-draft-kept-phone.png` });
  });

  it("lets the facilitator's debrief follow the running exercise, still without the backchannel they have not opened", async () => {
    const hana = people[0]!;
    await hana.page.getByRole("button", { name: /^Private / }).click();
    const secret = hana.page.getByRole("textbox", { name: /Message to/ });
    await secret.fill("Codeword Birch: the army can pull back");
    await secret.press("Enter");
    // Acknowledged (stored) before the facilitator looks: no message is left pending.
    await hana.page.getByTestId("pending-message").first().waitFor({ state: "detached" });
    const debrief = await facilitatorContext.newPage();
    await debrief.goto(`${parley.url}/exercises/${exerciseId}/debrief`);
    await debrief.getByText("this replay follows it as it happens").waitFor();
    await hana.page.getByRole("button", { name: /Plenary/ }).click();
    const plenary = hana.page.getByLabel("Message to Plenary");
    await plenary.fill("Said while the facilitator watches the debrief");
    await plenary.press("Enter");
    await debrief.getByText("Said while the facilitator watches the debrief").waitFor({ timeout: 15_000 });
    expect(await debrief.content()).not.toContain("Codeword Birch");
    await debrief.close();
  });
});
