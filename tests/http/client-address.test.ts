import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { clientAddress } from "../../server/http/client-address";

const request = (peer: string, forwarded?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded },
  }) as unknown as IncomingMessage;

describe("clientAddress", () => {
  it("uses the TCP peer and ignores X-Forwarded-For unless a proxy is trusted", () => {
    expect(clientAddress(request("10.0.0.9", "1.2.3.4"), false)).toBe("10.0.0.9");
  });

  it("behind a trusted proxy, takes the entry the proxy appended, not the client's own", () => {
    expect(clientAddress(request("127.0.0.1", "6.6.6.6, 203.0.113.7"), true)).toBe("203.0.113.7");
    expect(clientAddress(request("127.0.0.1"), true)).toBe("127.0.0.1");
  });
});
