import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";

export interface NextHandlers {
  handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void>;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  close(): Promise<void>;
}

export async function prepareNext(options: { dev: boolean; dir: string; hostname: string; port: number }): Promise<NextHandlers> {
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.hostname, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    handleRequest: (req, res) => handle(req, res),
    handleUpgrade: (req, socket, head) => upgrade(req, socket, head),
    close: () => app.close(),
  };
}
