// The facilitator's console, live: the roster table as people join (with presence, and
// said to screen readers), Remove only after a confirmation that names the consequence, the
// scheduled injects with the time each fires, the oversight audit after a backchannel is
// opened, the agreement as the delegations have it; at a desk and on a phone, with axe in
// English and French. Participants other than the facilitator are sockets with their cookies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/contract/events";
import { launchBrowser } from "./helpers/browser";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";
import { expectAccessible } from "./helpers/axe";

type ParticipantSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const shots = "docs/screenshots";
const FACILITATOR = { email: "lena@example.edu", displayName: "Lena Brandt", password: "negotiate-2026" };
const CONVOY = "Relief convoy turned back at Orlik bridge";
const MORTAR = "Mortar rounds hit Korvath town market";

describe("facilitator console", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let facilitatorContext: BrowserContext;
  let desk: Page;
  let exerciseId = "";
  let joinCode = "";
  let backchannelId = "";
  const sockets = new Map<string, ParticipantSocket>();

  /** Joins with the code in a browser (as people do), takes a role, then talks through a socket. */
  async function participant(name: string, roleKey: string): Promise<ParticipantSocket> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${parley.url}/join?code=${joinCode}`);
    await page.getByLabel("Your name").fill(name);
    await page.getByRole("button", { name: "Join" }).click();
    await page.waitForURL(/\/exercises\/[^/]+$/);
    // From here the socket alone stands for this person (their presence follows it).
    await page.close();
    const taken = await context.request.post(`${parley.url}/api/exercises/${exerciseId}/roles`, {
      data: { roleKey },
      headers: { origin: parley.url },
    });
    expect(((await taken.json()) as { ok: boolean }).ok).toBe(true);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const socket: ParticipantSocket = connect(parley.url, { transports: ["websocket"], extraHeaders: { cookie, origin: parley.url } });
    sockets.set(name, socket);
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("connect_error", reject));
    const joined = await socket.emitWithAck("exercise:join", { exerciseId });
    if (!joined.ok) throw new Error(joined.message);
    return socket;
  }

  const socketOf = (name: string) => {
    const socket = sockets.get(name);
    if (!socket) throw new Error(`${name} has no socket`);
    return socket;
  };
  const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    const setup = await fetch(`${parley.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: parley.url },
      body: JSON.stringify({ ...FACILITATOR, token: parley.setupToken() }),
    });
    expect(setup.status).toBe(201);
    facilitatorContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    desk = await facilitatorContext.newPage();
    await desk.goto(`${parley.url}/signin`);
    await desk.getByLabel("Email").fill(FACILITATOR.email);
    await desk.getByLabel("Password").fill(FACILITATOR.password);
    await desk.getByRole("button", { name: "Sign in" }).click();
    await desk.waitForURL(/\/facilitator$/);

    const request = facilitatorContext.request;
    const scenarios = (await (await request.get(`${parley.url}/api/scenarios`)).json()) as { data: { id: string; slug: string }[] };
    const scenarioId = scenarios.data.find((s) => s.slug === "collapsing-ceasefire")?.id;
    const created = (await (
      await request.post(`${parley.url}/api/exercises`, { data: { scenarioId }, headers: { origin: parley.url } })
    ).json()) as { data: { id: string } };
    exerciseId = created.data.id;
    const lobby = (await (
      await request.post(`${parley.url}/api/exercises/${exerciseId}/lobby`, { data: {}, headers: { origin: parley.url } })
    ).json()) as { data: { joinCode: string } };
    joinCode = lobby.data.joinCode;

    await desk.goto(`${parley.url}/exercises/${exerciseId}/console`);
    await desk.getByTestId("connection").getByText("Connected").waitFor();
  });

  afterAll(async () => {
    for (const socket of sockets.values()) socket.disconnect();
    await browser?.close();
    await parley?.stop();
  });

  it("shows people joining live in the roster table, online, and says so to screen readers", async () => {
    const people = section(desk, "People");
    await people.getByText("Nobody has joined yet.", { exact: false }).waitFor();

    await participant("Hana Okafor", "host-nation");
    const table = people.getByRole("table", { name: /1 participant/ });
    const hana = table.getByRole("row", { name: /Hana Okafor/ });
    await hana
      .getByRole("combobox", { name: "Role for Hana Okafor" })
      .locator("option:checked", { hasText: "Government of Dravonia" })
      .waitFor({ state: "attached" });
    await hana.getByText("Online", { exact: true }).waitFor();
    await hana.getByText("Participant", { exact: true }).waitFor();
    // The change is said in a polite live region as well as shown.
    await desk.getByTestId("roster-news").filter({ hasText: "Hana Okafor" }).waitFor();
    expect(await desk.getByTestId("roster-news").getAttribute("role")).toBe("status");

    await participant("Ravi Menon", "un-mediator");
    await participant("Idris Kovač", "armed-opposition");
    await people
      .getByRole("table", { name: /3 participants/ })
      .getByRole("row", { name: /Idris Kovač/ })
      .getByText("Online", { exact: true })
      .waitFor();
    // Gone offline: the row says so, in words and not by colour alone.
    socketOf("Ravi Menon").disconnect();
    await people
      .getByRole("row", { name: /Ravi Menon/ })
      .getByText("Offline", { exact: true })
      .waitFor();
    socketOf("Ravi Menon").connect();
    expect((await socketOf("Ravi Menon").emitWithAck("exercise:join", { exerciseId })).ok).toBe(true);
    await people
      .getByRole("row", { name: /Ravi Menon/ })
      .getByText("Online", { exact: true })
      .waitFor();
  });

  it("asks before removing someone, naming the consequence, then removes them and offers to re-admit", async () => {
    const removedNotice = new Promise<void>((resolve) => socketOf("Idris Kovač").once("exercise:removed", () => resolve()));
    await desk.getByRole("button", { name: "Remove Idris Kovač", exact: true }).click();
    const dialog = desk.getByRole("alertdialog", { name: "Remove Idris Kovač?" });
    await dialog.waitFor();
    await desk.screenshot({ path: `${shots}/console-remove-confirm.png` });
    expect(await dialog.textContent()).toContain("Idris Kovač loses their seat and is disconnected at once; you can re-admit them.");
    // Cancelling changes nothing.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await desk.getByRole("button", { name: "Re-admit Idris Kovač", exact: true }).count()).toBe(0);

    // Now by keyboard alone: the dialog opens on Cancel; the confirmation is one Tab further.
    await desk.getByRole("button", { name: "Remove Idris Kovač", exact: true }).focus();
    await desk.keyboard.press("Enter");
    await dialog.waitFor();
    await desk.keyboard.press("Tab");
    expect(await desk.evaluate(() => document.activeElement?.textContent)).toBe("Remove and disconnect");
    await desk.keyboard.press("Enter");
    await removedNotice;
    await dialog.waitFor({ state: "hidden" });
    // Focus lands on the control that undoes it, not on the page.
    await desk.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Re-admit Idris Kovač");
    const row = section(desk, "People").getByRole("row", { name: /Idris Kovač/ });
    await row.getByText("Removed", { exact: true }).waitFor();
    await desk.getByTestId("roster-news").filter({ hasText: "Idris Kovač was removed." }).waitFor();

    await desk.getByRole("button", { name: "Re-admit Idris Kovač", exact: true }).click();
    await desk.getByRole("button", { name: "Remove Idris Kovač", exact: true }).waitFor();
    await desk.getByTestId("roster-news").filter({ hasText: "Idris Kovač was re-admitted." }).waitFor();
  });

  it("lists the scheduled injects still to come with the time each fires", async () => {
    const coming = desk.getByTestId("injects-coming");
    const convoy = coming.getByRole("listitem").filter({ hasText: CONVOY });
    // Before the start, the time is counted from the start.
    await convoy.getByText("8:00 after the exercise starts").waitFor();
    await desk.getByRole("button", { name: "Start", exact: true }).click();
    // Running: a countdown and the time of day (minute 8 of the opening phase).
    await convoy.getByText(/^In [78]:[0-5]\d, at \d{1,2}[:.]\d{2}/).waitFor();
    // A later phase's inject: an estimate, the 15-minute opening phase plus minute 10.
    await coming
      .getByRole("listitem")
      .filter({ hasText: MORTAR })
      .getByText(/in about 2[45] min\) if the phases keep to plan/)
      .waitFor();
    expect(await coming.getByRole("listitem").count()).toBe(5);
    // The two left to the facilitator are listed apart, each with its own release form.
    await desk.getByTestId("injects-manual").getByRole("listitem").nth(1).waitFor();
    await expectAccessible(desk, "console at a desk");
  });

  it("shows the facilitator's opening of a backchannel in the audit panel, with the link to the full trail", async () => {
    const audit = section(desk, "Oversight audit");
    await audit.getByText("No backchannel has been opened for reading yet.").waitFor();
    await desk.getByRole("button", { name: "Next phase", exact: true }).click();
    await desk.getByRole("button", { name: "Previous phase", exact: true }).waitFor();
    const asked = await socketOf("Hana Okafor").emitWithAck("backchannel:request", {
      exerciseId,
      roles: ["un-mediator"],
      clientKey: "console-e2e-bc-1",
    });
    if (!asked.ok) throw new Error(asked.message);
    backchannelId = asked.data.channelId;
    const accepted = await socketOf("Ravi Menon").emitWithAck("backchannel:respond", {
      exerciseId,
      channelId: backchannelId,
      accept: true,
      clientKey: "console-e2e-bc-2",
    });
    expect(accepted.ok).toBe(true);

    await desk.getByRole("button", { name: /^Private / }).click();
    await desk.getByRole("button", { name: "Open and read this backchannel" }).click();
    const entry = audit.getByRole("listitem").filter({ hasText: FACILITATOR.displayName });
    await entry.waitFor();
    const text = await entry.textContent();
    expect(text).toContain("(facilitator) opened");
    expect(text).toContain("Government of Dravonia");
    expect(await entry.locator("time").getAttribute("datetime")).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await audit.getByRole("link", { name: "Full audit trail of this exercise" }).getAttribute("href")).toBe(
      `/admin/audit?exercise=${exerciseId}`,
    );
  });

  it("mirrors the agreement: status, version, clauses and who signed which version", async () => {
    const agreement = section(desk, "Agreement");
    await agreement.getByText("No draft yet.", { exact: false }).waitFor();
    await desk.getByRole("button", { name: "Next phase", exact: true }).click();
    // In the drafting phase its first inject counts down from minute 12.
    await desk
      .getByTestId("injects-coming")
      .getByRole("listitem")
      .filter({ hasText: "CNS orders preparations to withdraw monitors" })
      .getByText(/^In 1[12]:\d{2}, at /)
      .waitFor();
    const host = socketOf("Hana Okafor");
    const created = await host.emitWithAck("agreement:create", {
      exerciseId,
      channelId: backchannelId,
      fromTemplate: true,
      clientKey: "console-e2e-draft-1",
    });
    if (!created.ok) throw new Error(created.message);
    const { agreementId } = created.data;
    // A draft in the backchannel the facilitator opened shows at once, as a draft.
    await agreement.getByRole("heading", { name: /Hallen Agreement on a Ceasefire in Korvath draft/ }).waitFor();
    const tabled = await host.emitWithAck("agreement:table", { exerciseId, agreementId });
    if (!tabled.ok) throw new Error(tabled.message);
    const signed = await host.emitWithAck("agreement:sign", { exerciseId, agreementId, version: tabled.data.version });
    if (!signed.ok) throw new Error(signed.message);

    await agreement.getByRole("heading", { name: /Hallen Agreement on a Ceasefire in Korvath tabled/ }).waitFor();
    await agreement.getByText("Signatures: 1 of 5 on this version", { exact: true }).waitFor();
    await agreement.getByText(`Government of Dravonia: signed v${tabled.data.version}`).waitFor();
    await agreement.getByText("UN Special Envoy for Korvath: not signed").waitFor();
    await agreement.getByText("7 clauses", { exact: true }).waitFor();
    await agreement.getByText("Cessation of hostilities", { exact: true }).waitFor();
    await desk.screenshot({ path: `${shots}/console.png` });
    await expectAccessible(desk, "console with an agreement and an audited opening");
  });

  it("fits a phone, and speaks French, with nothing axe objects to", async () => {
    const phone = await facilitatorContext.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${parley.url}/exercises/${exerciseId}/console`);
    await phone.getByTestId("connection").getByText("Connected").waitFor();
    // On a phone the room's panes are tabs; the console's panels are one of them.
    const tab = phone.getByRole("tab", { name: /Console/ });
    if (await tab.isVisible()) await tab.click();
    const people = section(phone, "People");
    await people.getByText("Hana Okafor", { exact: true }).waitFor();
    // The roster's rows are cards here: nothing in the console's panels runs off the side.
    const panels = phone.locator(".console-panels");
    const overflow = await panels.evaluate((el) => el.scrollWidth - el.clientWidth);
    if (overflow > 1) {
      const wide = await panels.evaluate((el) =>
        [...el.querySelectorAll("*")]
          .filter((c) => c.getBoundingClientRect().right > el.getBoundingClientRect().right + 1)
          .slice(0, 8)
          .map((c) => `${c.tagName.toLowerCase()}.${String(c.className).slice(0, 30)} w${Math.round(c.getBoundingClientRect().width)}`)
          .join(" | "),
      );
      process.stdout.write(`console overflow ${overflow}: ${wide}\n`);
    }
    expect(overflow).toBeLessThanOrEqual(1);
    const box = await panels.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 391).toBe(true);
    await phone.screenshot({ path: `${shots}/console-phone.png`, fullPage: true });
    await expectAccessible(phone, "console on a phone");

    await facilitatorContext.addCookies([{ name: "PARLEY_LOCALE", value: "fr", url: parley.url }]);
    for (const page of [desk, phone]) {
      await page.reload();
      await page.getByTestId("connection").getByText("Connecté").waitFor();
    }
    if (await tab.isVisible()) await tab.click();
    for (const page of [desk, phone]) {
      await section(page, "Personnes").getByRole("button", { name: "Retirer Hana Okafor", exact: true }).waitFor();
      await section(page, "Audit des consultations").getByRole("listitem").filter({ hasText: "(animateur) a ouvert" }).waitFor();
      await page
        .getByTestId("injects-coming")
        .getByText(/^Dans \d+:\d{2}, à /)
        .first()
        .waitFor();
    }
    expect(await desk.content()).not.toContain("Oversight audit");
    await expectAccessible(desk, "console at a desk, in French");
    await expectAccessible(phone, "console on a phone, in French");
  });
});
