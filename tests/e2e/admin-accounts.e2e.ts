// Running Parley for a university: an administrator invites a facilitator by link, the
// facilitator creates their account through it and runs an exercise; their oversight of a
// backchannel appears in the audit viewer; deactivated, their open console ends at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/contract/events";
import { launchBrowser } from "./helpers/browser";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";
import { expectAccessible } from "./helpers/axe";

const shots = "docs/screenshots";
const ADMIN = { email: "ines@example.edu", displayName: "Inès Duval", password: "administer-2026" };
const NEW_FACILITATOR = { email: "mara@example.edu", name: "Mara Lindqvist", password: "facilitate-2026" };

describe("administration: accounts and the audit trail", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let admin: Page;
  let facilitatorContext: BrowserContext;
  let facilitator: Page;
  let inviteUrl = "";
  let exerciseId = "";
  const sockets: Socket[] = [];

  beforeAll(async () => {
    ensureBuild();
    parley = await startParley();
    browser = await launchBrowser();
    const setup = await fetch(`${parley.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: parley.url },
      body: JSON.stringify({ ...ADMIN, token: parley.setupToken() }),
    });
    expect(setup.status).toBe(201);
    admin = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await admin.goto(`${parley.url}/signin`);
    await admin.getByLabel("Email").fill(ADMIN.email);
    await admin.getByLabel("Password").fill(ADMIN.password);
    await admin.getByRole("button", { name: "Sign in" }).click();
    await admin.waitForURL(/\/facilitator$/);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await browser?.close();
    await parley?.stop();
  });

  it("lets the administrator invite a facilitator by a link to copy", async () => {
    await admin.getByRole("link", { name: "Accounts" }).click();
    await admin.waitForURL(/\/admin\/users$/);
    await admin.getByLabel("Email", { exact: true }).fill(NEW_FACILITATOR.email);
    await admin.getByLabel("Role", { exact: true }).selectOption("facilitator");
    await admin.getByRole("button", { name: "Create the invitation link" }).click();
    const link = admin.getByLabel("Invitation link");
    await link.waitFor();
    inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${parley.url}/account/invite/[A-Za-z0-9_-]{43}$`));
    await admin.getByText("Nothing was emailed: pass the link on yourself.").waitFor();
    await admin.screenshot({ path: `${shots}/admin-accounts.png`, fullPage: true });
    await expectAccessible(admin, "accounts page");
  });

  it("lets the invited facilitator create their account through the link, on a phone", async () => {
    facilitatorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    facilitator = await facilitatorContext.newPage();
    await facilitator.goto(inviteUrl);
    await facilitator.getByRole("heading", { name: "Create your Parley account" }).waitFor();
    await facilitator.getByLabel("Your name").fill(NEW_FACILITATOR.name);
    await facilitator.getByLabel("Password", { exact: true }).fill(NEW_FACILITATOR.password);
    await facilitator.getByLabel("The same password again").fill(NEW_FACILITATOR.password);
    await facilitator.screenshot({ path: `${shots}/account-invite-phone.png`, fullPage: true });
    await expectAccessible(facilitator, "invitation page");
    await facilitator.getByRole("button", { name: "Create my account" }).click();
    await facilitator.waitForURL(/\/facilitator$/);
    // The link works once.
    const again = await facilitatorContext.newPage();
    await again.goto(inviteUrl);
    await again.getByText("This link has been used already.").waitFor();
    await again.close();
  });

  it("shows the facilitator's oversight of a backchannel in the administrator's audit viewer", async () => {
    const request = facilitatorContext.request;
    const scenarios = (await (await request.get(`${parley.url}/api/scenarios`)).json()) as { data: { id: string; slug: string }[] };
    const scenarioId = scenarios.data.find((s) => s.slug === "collapsing-ceasefire")!.id;
    exerciseId = (
      (await (await request.post(`${parley.url}/api/exercises`, { data: { scenarioId }, headers: { origin: parley.url } })).json()) as {
        data: { id: string };
      }
    ).data.id;
    const { joinCode } = (
      (await (
        await request.post(`${parley.url}/api/exercises/${exerciseId}/lobby`, { data: {}, headers: { origin: parley.url } })
      ).json()) as { data: { joinCode: string } }
    ).data;

    // Two participants join in their browsers and take roles; their sockets talk from here.
    const participant = async (name: string, roleKey: string) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${parley.url}/join?code=${joinCode}`);
      await page.getByLabel("Your name").fill(name);
      await page.getByRole("button", { name: "Join" }).click();
      await page.waitForURL(/\/exercises\/[^/]+$/);
      expect(
        (
          (await (
            await context.request.post(`${parley.url}/api/exercises/${exerciseId}/roles`, {
              data: { roleKey },
              headers: { origin: parley.url },
            })
          ).json()) as { ok: boolean }
        ).ok,
      ).toBe(true);
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(parley.url, {
        transports: ["websocket"],
        extraHeaders: { cookie, origin: parley.url },
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("connect_error", reject));
      expect((await socket.emitWithAck("exercise:join", { exerciseId })).ok).toBe(true);
      return socket;
    };
    const host = await participant("Hana Okafor", "host-nation");
    const mediator = await participant("Ravi Menon", "un-mediator");

    // The console at their desk (the phone's console layout is the redesign issue's).
    await facilitator.setViewportSize({ width: 1280, height: 800 });
    await facilitator.goto(`${parley.url}/exercises/${exerciseId}/console`);
    await facilitator.getByText("Connected").waitFor();
    await facilitator.getByRole("button", { name: "Start" }).click();
    await facilitator.getByRole("button", { name: "Next phase" }).click();
    await facilitator.getByRole("button", { name: "Previous phase" }).waitFor();
    const asked = await host.emitWithAck("backchannel:request", { exerciseId, roles: ["un-mediator"], clientKey: "e2e-bc-1" });
    if (!asked.ok) throw new Error(asked.message);
    expect(
      (
        await mediator.emitWithAck("backchannel:respond", {
          exerciseId,
          channelId: asked.data.channelId,
          accept: true,
          clientKey: "e2e-bc-2",
        })
      ).ok,
    ).toBe(true);
    await facilitator.getByRole("button", { name: /^Private / }).click();
    await facilitator.getByRole("button", { name: "Open and read this backchannel" }).click();

    await admin.getByRole("link", { name: "Audit" }).click();
    await admin.waitForURL(/\/admin\/audit/);
    await admin.getByLabel("Kind").selectOption("backchannel.read");
    await admin.getByRole("button", { name: "Apply" }).click();
    const row = admin.getByRole("row", { name: /Read a backchannel \(oversight\)/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(NEW_FACILITATOR.name);
    await admin.screenshot({ path: `${shots}/admin-audit.png`, fullPage: true });
    await expectAccessible(admin, "audit viewer");
    const csv = await admin.request.get(`${parley.url}/api/audit?kind=backchannel.read&format=csv`);
    expect(await csv.text()).toContain(NEW_FACILITATOR.name);
  });

  it("deactivates the facilitator after a confirmation: their open console ends at once", async () => {
    await facilitator.getByText("Connected").waitFor();
    await admin.goto(`${parley.url}/admin/users?q=mara`);
    await admin.getByRole("button", { name: "Deactivate" }).click();
    const dialog = admin.getByRole("alertdialog", { name: `Deactivate ${NEW_FACILITATOR.name}?` });
    await dialog.waitFor();
    await admin.screenshot({ path: `${shots}/admin-deactivate.png` });
    await dialog.getByRole("button", { name: "Deactivate and sign out" }).click();
    await admin.getByText(`${NEW_FACILITATOR.name} was deactivated and signed out.`).waitFor();
    await admin.getByText("Deactivated", { exact: true }).waitFor();
    // No reload: the console open on the phone says so by itself.
    await facilitator.getByText("Your session has ended. Sign in or join again.").waitFor({ timeout: 10_000 });
    const refused = await facilitator.request.get(`${parley.url}/api/exercises/${exerciseId}/replay`);
    expect(refused.status()).toBe(401);
  });

  it("reads the same pages in French on a phone", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await phone.addCookies([...(await admin.context().cookies()), { name: "PARLEY_LOCALE", value: "fr", url: parley.url }]);
    const page = await phone.newPage();
    await page.goto(`${parley.url}/admin/users`);
    await page.getByRole("heading", { name: "Comptes", exact: true }).waitFor();
    await page.getByText("Désactivé", { exact: true }).waitFor();
    await page.screenshot({ path: `${shots}/admin-accounts-phone-fr.png`, fullPage: true });
    await expectAccessible(page, "accounts page, French, phone");
    await page.goto(`${parley.url}/admin/audit?kind=account.`);
    await page.getByRole("heading", { name: "Journal d’audit" }).waitFor();
    await page.getByRole("cell", { name: "A désactivé un compte" }).waitFor();
    await page.screenshot({ path: `${shots}/admin-audit-phone-fr.png`, fullPage: true });
    await expectAccessible(page, "audit viewer, French, phone");
    await phone.close();
  });
});
