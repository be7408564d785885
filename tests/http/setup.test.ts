// The first administrator is created only with the one-time token Parley printed in its
// log at boot: whoever reaches a fresh instance first cannot claim it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as setup from "../../app/api/setup/route";
import { newSetupToken } from "../../server/auth/setup-token";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../helpers/test-server";

describe("first-run setup", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    server.context.setupToken = newSetupToken();
  });
  afterAll(async () => server.close());

  const claim = (token?: string) =>
    setup.POST(
      new Request("http://parley.test/api/setup", {
        method: "POST",
        headers: { origin: TEST_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({
          email: "first@example.edu",
          displayName: "First",
          password: "long-enough-password",
          ...(token === undefined ? {} : { token }),
        }),
      }),
    );

  it("refuses to create the administrator without the token, or with another one", async () => {
    expect((await claim()).status).toBe(400);
    expect((await claim("guessed-token-guessed-token")).status).toBe(403);
    expect(await server.db.prisma.user.count()).toBe(0);
  });

  it("creates it with the token, once", async () => {
    expect((await claim(server.context.setupToken)).status).toBe(201);
    expect(await server.db.prisma.user.findFirst({ select: { systemRole: true } })).toEqual({ systemRole: "admin" });
    expect((await claim(server.context.setupToken)).status).toBe(409);
  });
});
