// A course on a learning platform, end to end in a browser: an administrator registers
// the platform, an instructor places an exercise by deep linking, two learners launch it
// from the course (no Parley password), play, are assessed and released, and their scores
// arrive in the platform's gradebook. The platform is a test LMS written from the IMS
// specifications (tests/lti/test-platform.ts) on another origin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ROLES, startTestPlatform, toolUrlsOf, type PlacedLink, type PlatformUser, type TestPlatform } from "../lti/test-platform";
import { expectAccessible } from "./helpers/axe";
import { launchBrowser } from "./helpers/browser";
import { ensureBuild, freePort, startParley, type ParleyProcess } from "./helpers/parley-process";

const shots = "docs/screenshots";
const teacher: PlatformUser = { sub: "teacher-42", roles: [ROLES.instructor], name: "Amara Diallo", email: "amara@uni.example" };
const learners: PlatformUser[] = [
  { sub: "student-7", roles: [ROLES.learner], given_name: "Jonas", family_name: "Weber" },
  { sub: "student-9", roles: [ROLES.learner], given_name: "Mei", family_name: "Tanaka" },
];
const roleOf = ["host-nation", "un-mediator"];

describe("LTI 1.3: a course places, plays, assesses and grades an exercise", () => {
  let parley: ParleyProcess;
  let platform: TestPlatform;
  let browser: Browser;
  let instructor: Page;
  let link: PlacedLink;
  let exerciseId = "";
  const seats: { context: BrowserContext; page: Page }[] = [];

  beforeAll(async () => {
    ensureBuild();
    const port = await freePort();
    const url = `http://localhost:${port}`;
    parley = await startParley({ port, env: { PUBLIC_URL: url, ALLOW_HTTP: "true" } });
    platform = await startTestPlatform({ tool: toolUrlsOf(url) });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await parley?.stop();
  });

  it("lets an administrator register the platform from the LTI page", async () => {
    const account = { email: "admin@uni.example", displayName: "Ines Admin", password: "register-2026" };
    const setup = await fetch(`${parley.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: parley.url },
      body: JSON.stringify({ ...account, token: parley.setupToken() }),
    });
    expect(setup.status).toBe(201);
    const admin = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await admin.goto(`${parley.url}/signin`);
    await admin.getByLabel("Email").fill(account.email);
    await admin.getByLabel("Password").fill(account.password);
    await admin.getByRole("button", { name: "Sign in" }).click();
    await admin.waitForURL((u) => !u.pathname.startsWith("/signin"));
    await admin.goto(`${parley.url}/admin/lti`);
    await admin.getByRole("heading", { name: "Learning platforms (LTI 1.3)" }).waitFor();
    expect(await admin.getByLabel("Public keyset URL (JWKS)").inputValue()).toBe(`${parley.url}/api/lti/jwks`);
    const r = platform.registration("Université test (Moodle)");
    await admin.getByLabel(/^Name/).fill(r.name);
    await admin.getByLabel("Issuer (platform id)").fill(r.issuer);
    await admin.getByLabel("Client id").fill(r.clientId);
    await admin.getByLabel("Authentication request URL").fill(r.authLoginUrl);
    await admin.getByLabel("Access token URL").fill(r.accessTokenUrl);
    await admin.getByLabel("Public keyset URL of the platform").fill(r.jwksUrl);
    await admin.getByLabel(/^Deployment ids/).fill(r.deploymentIds.join("\n"));
    await admin.getByRole("button", { name: "Register a platform" }).click();
    await admin.getByRole("status").filter({ hasText: "is registered" }).waitFor();
    await admin.getByRole("heading", { name: "Registered platforms (1)" }).waitFor();
    // The list comes back through a refresh of the server parts, whose title streams in after them.
    await expect.poll(() => admin.title()).toContain("Learning platforms");
    await expectAccessible(admin, "LTI administration");
    await admin.screenshot({ path: `${shots}/admin-lti.png`, fullPage: true });
  });

  it("places an exercise in the course by deep linking, and the instructor arrives as its facilitator", async () => {
    instructor = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await instructor.goto(platform.browserLaunchUrl({ user: teacher, messageType: "LtiDeepLinkingRequest" }));
    await instructor.getByRole("heading", { name: /^Place a Parley exercise in/ }).waitFor();
    await instructor.screenshot({ path: `${shots}/lti-deep-link.png`, fullPage: true });
    await instructor.getByRole("radio", { name: /The Hallen Deadline/ }).check();
    await instructor.getByRole("textbox", { name: /Exercise title/ }).fill("Seminar 3: Hallen");
    await instructor.getByRole("button", { name: "Place in the course" }).click();
    // Parley's answer posts itself back to the platform: wait until the platform's page has loaded.
    await instructor.waitForURL(/\/deep-link-return/, { waitUntil: "load" });
    await expect.poll(() => platform.links.length, { timeout: 15_000 }).toBe(1);
    link = platform.links[0]!;
    exerciseId = link.custom.parley_exercise ?? "";
    expect(exerciseId).not.toBe("");

    await instructor.goto(platform.browserLaunchUrl({ user: teacher, link }));
    await instructor.waitForURL(new RegExp(`/exercises/${exerciseId}`));
    await instructor.getByText(/Placed from Université test/).waitFor();
  });

  it("seats each learner who launches from the course in the lobby, without a password", async () => {
    for (const [i, person] of learners.entries()) {
      const context = await browser.newContext({ viewport: i === 1 ? { width: 390, height: 844 } : { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(platform.browserLaunchUrl({ user: person, link }));
      await page.waitForURL(new RegExp(`/exercises/${exerciseId}$`));
      const taken = await context.request.post(`${parley.url}/api/exercises/${exerciseId}/roles`, {
        data: { roleKey: roleOf[i] },
        headers: { origin: parley.url },
      });
      expect(((await taken.json()) as { ok: boolean }).ok).toBe(true);
      seats.push({ context, page });
    }
    await instructor.reload();
    for (const person of learners) await instructor.getByText(`${person.given_name} ${person.family_name}`).first().waitFor();
    await instructor.screenshot({ path: `${shots}/lti-lobby.png`, fullPage: true });
  });

  it("runs the exercise: each learner speaks in plenary, then the facilitator ends it", async () => {
    await instructor.goto(`${parley.url}/exercises/${exerciseId}/console`);
    await instructor.getByText("Connected").waitFor();
    await instructor.getByRole("button", { name: "Start" }).click();
    await instructor.getByRole("button", { name: "Pause" }).waitFor();
    for (const [i, seat] of seats.entries()) {
      await seat.page.goto(`${parley.url}/exercises/${exerciseId}/room`);
      await seat.page.getByText("Connected").waitFor();
      const box = seat.page.getByRole("textbox", { name: /Message to Plenary/ });
      const text = `Statement ${i + 1}: we come to agree on a date.`;
      await box.fill(text);
      await box.press("Enter");
      await seat.page.locator(".message-body", { hasText: text }).waitFor();
    }
    await instructor.getByRole("button", { name: "End", exact: true }).click();
    await instructor.getByRole("alertdialog").getByRole("button", { name: "End the exercise" }).click();
  });

  it("assesses both learners, releases, and the scores arrive in the course gradebook", async () => {
    // The gradebook is down for the first score: the desk says so and sends it again on request.
    platform.failNextScores(1, 503);
    await instructor.goto(`${parley.url}/exercises/${exerciseId}/assessment`);
    await instructor.getByText(/Released scores are sent there/).waitFor();
    for (const person of learners) {
      await instructor
        .getByRole("navigation", { name: "People to assess" })
        .getByRole("button", { name: new RegExp(`${person.given_name} ${person.family_name}`) })
        .click();
      const criteria = instructor.locator("fieldset.criterion-edit");
      const count = await criteria.count();
      for (let i = 0; i < count; i++) {
        const radios = criteria.nth(i).getByRole("radio");
        await radios.nth(Math.min(1, (await radios.count()) - 1)).check();
      }
      await expect.poll(() => instructor.locator(".person-total").textContent()).toMatch(/^\d+ of \d+ points$/);
      const feedback = instructor.getByRole("textbox", { name: "Feedback" });
      await feedback.fill(`Good work, ${person.given_name}.`);
      await instructor.getByRole("button", { name: "Save feedback" }).click();
      await instructor.getByText("Saved ·").waitFor();
    }
    await instructor.getByRole("button", { name: "Release 2 assessments" }).click();
    const dialog = instructor.getByRole("alertdialog", { name: "Release 2 assessments?" });
    await dialog.getByText(/Scores are also sent to Université test/).waitFor();
    await dialog.getByRole("button", { name: "Release them" }).click();
    await instructor.getByTestId("announcer").filter({ hasText: "2 assessments released" }).waitFor();

    await instructor.getByText("LMS failed").waitFor();
    await instructor
      .getByRole("navigation", { name: "People to assess" })
      .getByRole("button", { name: /LMS failed/ })
      .click();
    await instructor.getByText(/The LMS refused the score/).waitFor();
    await instructor.getByRole("button", { name: "Send to the LMS again" }).click();
    await expect.poll(() => instructor.getByText("sent to LMS").count()).toBe(2);
    await instructor.screenshot({ path: `${shots}/assessment-lms.png`, fullPage: true });

    const scores = platform.scores.filter((s) => s.gradingProgress === "FullyGraded");
    expect(scores.map((s) => s.userId).sort()).toEqual(learners.map((l) => l.sub).sort());
    for (const s of scores) {
      expect(s.scoreGiven).toBeGreaterThan(0);
      expect(s.scoreGiven).toBeLessThanOrEqual(s.scoreMaximum);
      expect(s.comment).toMatch(/^Good work, /);
    }

    const [first] = seats;
    await first!.page.goto(`${parley.url}/exercises/${exerciseId}/assessment`);
    await first!.page.getByRole("heading", { name: `Assessment of ${learners[0]!.given_name} ${learners[0]!.family_name}` }).waitFor();
    await first!.page.getByText(`Good work, ${learners[0]!.given_name}.`).waitFor();
  });
});
