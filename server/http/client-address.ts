// The address rate limits key on. Directly connected: the TCP peer. Behind a trusted
// reverse proxy: the last X-Forwarded-For entry, the one that proxy appended (earlier
// entries come from the client and prove nothing).
import type { IncomingMessage } from "node:http";

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (!trustProxy) return peer;
  const header = req.headers["x-forwarded-for"];
  const list = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return list.at(-1) ?? peer;
}
