// A minimal TCP load balancer for tests: each new connection goes to the first backend
// that accepts it, so when one node dies its clients reconnect to the next one.
import { createConnection, createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface FailoverProxy {
  url: string;
  close(): Promise<void>;
}

function connectFirst(ports: number[], index = 0): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (index >= ports.length) return reject(new Error("no backend accepted the connection"));
    const upstream = createConnection({ host: "127.0.0.1", port: ports[index]! });
    upstream.once("connect", () => resolve(upstream));
    upstream.once("error", () => connectFirst(ports, index + 1).then(resolve, reject));
  });
}

export async function startFailoverProxy(backendPorts: number[]): Promise<FailoverProxy> {
  const open = new Set<Socket>();
  const server: Server = createServer((downstream) => {
    open.add(downstream);
    downstream.pause();
    connectFirst(backendPorts).then(
      (upstream) => {
        open.add(upstream);
        downstream.pipe(upstream).pipe(downstream);
        const end = () => {
          downstream.destroy();
          upstream.destroy();
        };
        upstream.on("close", end).on("error", end);
        downstream.on("close", end).on("error", end);
        downstream.resume();
      },
      () => downstream.destroy(),
    );
    downstream.on("close", () => open.delete(downstream));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
