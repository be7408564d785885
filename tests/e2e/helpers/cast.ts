// The usual cast of a browser test: the first administrator (who facilitates) signed in,
// an exercise from a built-in scenario with its lobby open, and participants who join by
// code and take a role.
import { expect } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { ParleyProcess } from "./parley-process";

export interface Account {
  email: string;
  displayName: string;
  password: string;
}

type Viewport = { width: number; height: number };

export interface OpenLobby {
  context: BrowserContext;
  page: Page;
  exerciseId: string;
  joinCode: string;
}

/** Creates the first account through setup, signs it in and opens a lobby of `slug`. */
export async function facilitatorWithLobby(
  parley: ParleyProcess,
  browser: Browser,
  account: Account,
  viewport: Viewport,
  slug = "collapsing-ceasefire",
): Promise<OpenLobby> {
  const headers = { origin: parley.url };
  const setup = await fetch(`${parley.url}/api/setup`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ ...account, token: parley.setupToken() }),
  });
  expect(setup.status).toBe(201);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${parley.url}/signin`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/facilitator$/);
  const scenarios = (await (await context.request.get(`${parley.url}/api/scenarios`)).json()) as { data: { id: string; slug: string }[] };
  const scenarioId = scenarios.data.find((s) => s.slug === slug)?.id;
  const created = (await (await context.request.post(`${parley.url}/api/exercises`, { data: { scenarioId }, headers })).json()) as {
    data: { id: string };
  };
  const lobby = (await (
    await context.request.post(`${parley.url}/api/exercises/${created.data.id}/lobby`, { data: {}, headers })
  ).json()) as { data: { joinCode: string } };
  return { context, page, exerciseId: created.data.id, joinCode: lobby.data.joinCode };
}

/** A participant joins with the code, takes `roleKey` and opens the room (connected). */
export async function joinWithRole(
  parley: ParleyProcess,
  browser: Browser,
  lobby: Pick<OpenLobby, "exerciseId" | "joinCode">,
  name: string,
  roleKey: string,
  viewport: Viewport,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${parley.url}/join?code=${lobby.joinCode}`);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Join" }).click();
  await page.waitForURL(/\/exercises\/[^/]+$/);
  const taken = await context.request.post(`${parley.url}/api/exercises/${lobby.exerciseId}/roles`, {
    data: { roleKey },
    headers: { origin: parley.url },
  });
  expect(((await taken.json()) as { ok: boolean }).ok).toBe(true);
  await page.goto(`${parley.url}/exercises/${lobby.exerciseId}/room`);
  await page.getByText("Connected").waitFor();
  return { context, page };
}

/** The facilitator starts the exercise from its console (and sees it running). */
export async function startFromConsole(parley: ParleyProcess, facilitator: Page, exerciseId: string): Promise<void> {
  await facilitator.goto(`${parley.url}/exercises/${exerciseId}/console`);
  await facilitator.getByText("Connected").waitFor();
  await facilitator.getByRole("button", { name: "Start" }).click();
  await facilitator.getByRole("button", { name: "Pause" }).waitFor();
}

/** The facilitator ends the exercise from its console, confirming in the dialog. */
export async function endFromConsole(facilitator: Page): Promise<void> {
  await facilitator.getByRole("button", { name: "End", exact: true }).click();
  await facilitator.getByRole("alertdialog").getByRole("button", { name: "End the exercise" }).click();
  await facilitator.getByText(/ended/i).first().waitFor();
}
