import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerInfo } from "../../lib/contract/events";
import { connected, disconnected, startTestServer, type TestServer } from "../helpers/test-server";

describe("socket server", () => {
  let server: TestServer;
  let cookie: string;
  let userId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const user = await server.context.services.users.create({ displayName: "Ana", systemRole: "facilitator", email: "ana@example.test" });
    userId = user.id;
    cookie = await server.cookieFor(user);
  });
  afterAll(async () => server.close());

  it("accepts a signed-in socket.io-client on port 0 and greets it", async () => {
    const socket = server.client({ cookie });
    const hello = await new Promise<ServerInfo>((resolve) => socket.once("system:hello", resolve));
    expect(hello).toMatchObject({ version: "test" });
    expect(socket.connected).toBe(true);
  });

  it("acks a valid event with a tagged ok result", async () => {
    const result = await server.client({ cookie }).emitWithAck("system:ping", { sentAt: 7 });
    expect(result).toMatchObject({ ok: true, data: { sentAt: 7 } });
  });

  it("acks an invalid payload with invalid_payload and the issues", async () => {
    // The cast sends what a misbehaving client could send; the contract types forbid it.
    const result = await server.client({ cookie }).emitWithAck("system:ping", { sentAt: "soon" } as unknown as { sentAt: number });
    expect(result).toMatchObject({ ok: false, code: "invalid_payload", issues: [{ path: "sentAt" }] });
  });

  it("refuses a socket without a session, with a clear error", async () => {
    const error = await connected(server.client()).then(
      () => null,
      (e: Error & { data?: unknown }) => e,
    );
    expect(error?.message).toBe("unauthenticated");
    expect(error?.data).toMatchObject({ code: "unauthenticated" });
  });

  it("refuses a socket with a forged or expired session cookie", async () => {
    const forged = await connected(server.client({ cookie: "next-auth.session-token=not-a-jwt" })).then(
      () => null,
      (e: Error) => e,
    );
    expect(forged?.message).toBe("unauthenticated");
    const user = await server.context.services.users.create({ displayName: "Old", systemRole: "facilitator" });
    const expired = await connected(server.client({ cookie: await server.cookieFor(user, -10) })).then(
      () => null,
      (e: Error) => e,
    );
    expect(expired?.message).toBe("unauthenticated");
  });

  it("refuses a WebSocket upgrade from a foreign Origin even with a valid session", async () => {
    const error = await connected(server.client({ cookie, origin: "https://evil.example" })).then(
      () => null,
      (e: Error) => e,
    );
    expect(error).not.toBeNull();
    // The same session from the app's own origin is accepted.
    await expect(connected(server.client({ cookie }))).resolves.toBeUndefined();
  });

  it("disconnects a user's sockets on sign-out and refuses the old cookie afterwards", async () => {
    const socket = server.client({ cookie });
    await connected(socket);
    const gone = disconnected(socket);
    // What next-auth's signOut event does (server/auth/auth-options.ts).
    await server.context.sessions.revokeAll(userId);
    server.realtime.disconnectUser(userId);
    expect(await gone).toBe("io server disconnect");
    const again = await connected(server.client({ cookie })).then(
      () => null,
      (e: Error) => e,
    );
    expect(again?.message).toBe("unauthenticated");
  });

  it("disconnects a socket when its session expires", async () => {
    const user = await server.context.services.users.create({ displayName: "Brief", systemRole: "facilitator" });
    const socket = server.client({ cookie: await server.cookieFor(user, 2) });
    await connected(socket);
    expect(await disconnected(socket)).toBe("io server disconnect");
  });
});
