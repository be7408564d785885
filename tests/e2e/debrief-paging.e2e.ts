// A big exercise's debrief, in a browser: over 10,000 messages it arrives in parts. The
// first screen shows the end of plenary; moving the timeline near the start loads that
// moment's messages; "Show earlier messages" pages back. The log is seeded straight into
// the server's SQLite file (as the replay benchmark does): typing 10,500 messages through
// the room would take the whole run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { expectAccessible } from "./helpers/axe";
import { launchBrowser } from "./helpers/browser";
import { endFromConsole, facilitatorWithLobby, joinWithRole, startFromConsole } from "./helpers/cast";
import { ensureBuild, startParley, type ParleyProcess } from "./helpers/parley-process";

const shots = "docs/screenshots";
const SEEDED = 10_500;
const body = (i: number) => `Seeded proposal ${i}: continue on the basis of the draft.`;

/**
 * Appends `count` plenary messages by the person `name` after the log's end, two per
 * millisecond from now; answers when the last of them is timed (the log's times must not
 * run backwards, so nothing may follow before then).
 */
function seedPlenary(path: string, exerciseId: string, name: string, roleKey: string, count: number): number {
  const db = new Database(path);
  db.pragma("busy_timeout = 5000");
  let last = 0;
  const userId = db.prepare<[string], { id: string }>(`SELECT "id" FROM "User" WHERE "displayName" = ?`).get(name)!.id;
  const plenary = db
    .prepare<[string], { id: string }>(`SELECT "id" FROM "Channel" WHERE "exerciseId" = ? AND "kind" = 'plenary'`)
    .get(exerciseId)!.id;
  const insert = db.prepare(
    'INSERT INTO "ExerciseEvent" ("id", "exerciseId", "seq", "type", "actorUserId", "actorRoleKey", "visibility", "channelId", "audienceRoles", "payload", "idempotencyKey", "createdAt") VALUES (?, ?, ?, \'message.sent\', ?, ?, \'channel\', ?, NULL, ?, NULL, ?)',
  );
  db.transaction(() => {
    const { lastSeq } = db.prepare<[string], { lastSeq: number }>('SELECT "lastSeq" FROM "Exercise" WHERE "id" = ?').get(exerciseId)!;
    const start = Date.now();
    for (let i = 1; i <= count; i++) {
      const payload = JSON.stringify({ body: body(i), authorName: "Hana Okafor", roleName: "Host nation" });
      insert.run(
        randomUUID(),
        exerciseId,
        lastSeq + i,
        userId,
        roleKey,
        plenary,
        payload,
        new Date(start + Math.floor(i / 2)).toISOString().replace("Z", "+00:00"),
      );
    }
    db.prepare('UPDATE "Exercise" SET "lastSeq" = ? WHERE "id" = ?').run(lastSeq + count, exerciseId);
    last = start + Math.floor(count / 2);
  })();
  db.close();
  return last;
}

describe("the debrief of a big exercise", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let facilitator: Page;
  let host: Page;
  let exerciseId = "";

  const row = (page: Page, text: string) => page.locator(".messages > li.message", { hasText: text });
  const slider = (page: Page) => page.getByRole("slider", { name: "Moment in the exercise" });
  /** The numbers of the seeded messages the conversation shows. */
  const shownNumbers = async (page: Page) =>
    (await page.locator(".messages > li.message .message-body").allTextContents())
      .map((text) => Number(/Seeded proposal (\d+)/.exec(text)?.[1] ?? NaN))
      .filter((n) => !Number.isNaN(n));

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
    ({ page: host } = await joinWithRole(parley, browser, lobby, "Hana Okafor", "host-nation", { width: 1366, height: 900 }));
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it("runs an exercise whose plenary holds 10,500 messages, then ends it", async () => {
    await startFromConsole(parley, facilitator, exerciseId);
    const lastAt = seedPlenary(parley.databasePath, exerciseId, "Hana Okafor", "host-nation", SEEDED);
    await new Promise((resolve) => setTimeout(resolve, lastAt - Date.now() + 100));
    await endFromConsole(facilitator);
  });

  it("shows the end of plenary first, then the early talk when the timeline moves near the start", async () => {
    await host.goto(`${parley.url}/exercises/${exerciseId}/debrief`);
    await host.getByText("A large exercise: its messages load a page at a time").waitFor();
    await row(host, body(SEEDED)).waitFor();
    // Only a page is here: the first messages are not.
    expect(await row(host, body(1)).count()).toBe(0);
    expect(await host.locator(".messages > li.message").count()).toBeLessThan(1000);
    await host.screenshot({ path: `${shots}/debrief-paged.png` });

    // To the start (the previous key moment), then a second on: the seeded talk (5 s) had just begun.
    await host.getByRole("button", { name: /Previous: Exercise running/ }).click();
    await slider(host).focus();
    await host.keyboard.press("ArrowRight");
    await expect.poll(() => shownNumbers(host).then((n) => (n.length > 0 ? Math.max(...n) : null))).toBeLessThan(2000);
    expect(await row(host, body(SEEDED)).count()).toBe(0);
    await expectAccessible(host, "paged debrief");
  });

  it("pages back with Show earlier messages, on a phone too", async () => {
    await host.setViewportSize({ width: 390, height: 844 });
    await slider(host).focus();
    await host.keyboard.press("End");
    await row(host, body(SEEDED)).waitFor();
    const before = await host.locator(".messages > li.message").count();
    const earliest = Math.min(...(await shownNumbers(host)));
    await host.getByRole("button", { name: "Show earlier messages" }).click();
    await expect.poll(() => host.locator(".messages > li.message").count()).toBeGreaterThan(before);
    expect(Math.min(...(await shownNumbers(host)))).toBeLessThan(earliest);
    await host.screenshot({ path: `${shots}/debrief-paged-phone.png` });
  });

  it("says what a paged debrief is, in French too", async () => {
    await host.context().addCookies([{ name: "PARLEY_LOCALE", value: "fr", url: parley.url }]);
    await host.reload();
    await host.getByText("Un exercice volumineux : ses messages se chargent").waitFor();
    await row(host, body(SEEDED)).waitFor();
    await host.getByRole("button", { name: "Afficher les messages précédents" }).waitFor();
    await host.screenshot({ path: `${shots}/debrief-paged-phone-fr.png` });
    await host.setViewportSize({ width: 1366, height: 900 });
    await row(host, body(SEEDED)).waitFor();
    await host.screenshot({ path: `${shots}/debrief-paged-fr.png` });
  });
});
