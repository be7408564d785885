import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySecurityHeaders } from "../../server/http/security-headers";

describe("security headers", () => {
  let server: Server;
  let url = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      applySecurityHeaders(req, res, { https: true, development: false });
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("keeps every page out of frames, with a nonce policy", async () => {
    for (const path of ["/", "/exercises/x/room", "/api/lti/jwks", "/api/lti/launchpad"]) {
      const res = await fetch(`${url}${path}`);
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    }
  });

  it("leaves LTI launch and deep linking to their own policy, which may let the platform frame them", async () => {
    for (const path of ["/api/lti/launch", "/api/lti/deep-link", "/api/lti/deep-link?x=1"]) {
      const res = await fetch(`${url}${path}`);
      expect(res.headers.get("x-frame-options"), path).toBeNull();
      expect(res.headers.get("content-security-policy"), path).toBeNull();
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    }
  });
});
