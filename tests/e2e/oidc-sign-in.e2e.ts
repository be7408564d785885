// Institutional single sign-on against a real OpenID Connect provider (the
// `oidc-provider` package) running on loopback: the browser goes to the provider, signs
// in, consents, and comes back to Parley signed in as a facilitator.
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import Provider from "oidc-provider";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./helpers/browser";
import { ensureBuild, freePort, startParley, type ParleyProcess } from "./helpers/parley-process";

describe("single sign-on with OpenID Connect", () => {
  let parley: ParleyProcess;
  let browser: Browser;
  let idp: Server;

  beforeAll(async () => {
    ensureBuild();
    const [idpPort, parleyPort] = [await freePort(), await freePort()];
    const issuer = `http://127.0.0.1:${idpPort}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: "parley",
          client_secret: "parley-client-secret",
          redirect_uris: [`http://localhost:${parleyPort}/api/auth/callback/oidc`],
          grant_types: ["authorization_code"],
          response_types: ["code"],
        },
      ],
      claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
      findAccount: async (_ctx, id) => ({
        accountId: id,
        // "outsider…" logins belong to a domain the staff allowlist does not name.
        claims: async () => ({
          sub: id,
          email: `${id}@${id.startsWith("outsider") ? "students.example" : "university.example"}`,
          email_verified: true,
          name: "Dr. Noor Khalil",
        }),
      }),
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ["idp-cookie-key-for-tests-only"] },
    });
    idp = provider.listen(idpPort, "127.0.0.1");
    parley = await startParley({
      port: parleyPort,
      env: {
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: "parley",
        OIDC_CLIENT_SECRET: "parley-client-secret",
        OIDC_NAME: "University sign-in",
        OIDC_STAFF_DOMAINS: "university.example",
      },
    });
    // Sign-in redirects to first-run setup while there are no users at all.
    await fetch(`${parley.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: parley.url },
      body: JSON.stringify({ email: "admin@example.edu", displayName: "Admin", password: "negotiate-2026", token: parley.setupToken() }),
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    await new Promise((resolve) => idp?.close(resolve));
  });

  it("signs a new user in through the provider as a facilitator", async () => {
    onTestFailed(() => {
      process.stderr.write(`Parley's output:\n${parley.output.join("").slice(-4000)}\n`);
    });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${parley.url}/signin`);
    await page.getByRole("button", { name: "University sign-in" }).click();
    await page.waitForURL((url) => url.origin.includes("127.0.0.1"));
    await page.locator('input[name="login"]').fill("nkhalil");
    await page
      .locator('input[name="password"]')
      .fill("any")
      .catch(() => undefined);
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${parley.url}/facilitator`);
    await expect(page.locator(".site-nav").getByText("Dr. Noor Khalil").isVisible()).resolves.toBe(true);
    const session = (await (await page.context().request.get(`${parley.url}/api/auth/session`)).json()) as {
      user: { role: string; name: string };
    };
    expect(session.user).toMatchObject({ role: "facilitator", name: "Dr. Noor Khalil" });
  });

  it("refuses someone the staff allowlist does not name, and creates no account", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${parley.url}/signin`);
    await page.getByRole("button", { name: "University sign-in" }).click();
    await page.waitForURL((url) => url.origin.includes("127.0.0.1"));
    await page.locator('input[name="login"]').fill("outsider-sam");
    await page
      .locator('input[name="password"]')
      .fill("any")
      .catch(() => undefined);
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.has("error"));
    // (Next's route announcer is an empty alert region too: look for the message itself.)
    await page.getByRole("alert").filter({ hasText: "Sign-in failed" }).waitFor();
    const session = (await (await page.context().request.get(`${parley.url}/api/auth/session`)).json()) as Record<string, unknown>;
    expect(session.user).toBeUndefined();
  });
});
