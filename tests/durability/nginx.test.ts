// The nginx example of docs/deploy.md, run for real in front of two Parley nodes (on
// PostgreSQL and Redis): the long-polling transport (which needs sticky sessions) and
// the upgrade to WebSocket both work through it. `.ci/run` installs nginx.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, inject } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, EventDto, ServerToClientEvents } from "../../lib/contract/events";
import { ExerciseClient } from "../../lib/client/exercise-client";
import { arrangeExercise } from "../helpers/arrange-exercise";
import { startNodeProcess, type NodeProcess } from "../helpers/node-process";
import { deleteRedisKeys, REDIS_URL, testPrefix } from "../helpers/redis";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const SECRET = "nginx-secret-that-is-long-enough-0123456789";
const root = join(import.meta.dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`nginx did not answer on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!existsSync(NGINX))("the nginx example in docs/deploy.md", () => {
  const nodes: NodeProcess[] = [];
  let nginx: ChildProcess | undefined;
  const sockets: Socket[] = [];
  const prefix = testPrefix("nginx");

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    nginx?.kill("SIGTERM");
    nodes.forEach((n) => n.child.kill("SIGKILL"));
    await deleteRedisKeys(prefix);
  });

  it("carries long-polling and WebSocket clients of one exercise to the nodes", async () => {
    const url = inject("postgresUrl");
    const { exerciseId, plenaryId, facilitatorCookie, people } = await arrangeExercise(url, SECRET, ["host-nation", "un-mediator"]);
    const env = { DATABASE_URL: url, NEXTAUTH_SECRET: SECRET, REDIS_URL, REDIS_PREFIX: prefix };
    nodes.push(await startNodeProcess(env), await startNodeProcess(env));

    // The documented site file, with this run's ports; everything else as written.
    const dir = mkdtempSync(join(tmpdir(), "parley-nginx-"));
    for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, sub));
    const port = await freePort();
    const site = readFileSync(join(root, "docs/nginx/parley.conf"), "utf8")
      .replace("server 127.0.0.1:3001;", `server 127.0.0.1:${nodes[0]!.port};`)
      .replace("server 127.0.0.1:3002;", `server 127.0.0.1:${nodes[1]!.port};`)
      .replace("listen 8080;", `listen 127.0.0.1:${port};`);
    expect(site).toContain(`server 127.0.0.1:${nodes[1]!.port};`);
    writeFileSync(join(dir, "parley.conf"), site);
    writeFileSync(
      join(dir, "nginx.conf"),
      [
        "daemon off;",
        "worker_processes 1;",
        `pid ${join(dir, "nginx.pid")};`,
        `error_log ${join(dir, "error.log")} warn;`,
        "events {}",
        "http {",
        "  access_log off;",
        ...["body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t === "body" ? "client_body" : t}_temp_path ${join(dir, t)};`),
        `  include ${join(dir, "parley.conf")};`,
        "}",
      ].join("\n"),
    );
    nginx = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: ["ignore", "inherit", "inherit"] });
    await listening(port);

    const open = (cookie: string, transports: ("polling" | "websocket")[]) => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`http://127.0.0.1:${port}`, { transports, forceNew: true, extraHeaders: { cookie } });
      sockets.push(socket);
      const events: EventDto[] = [];
      return { socket, events, client: new ExerciseClient(socket, exerciseId, { onEvent: (e) => events.push(e) }) };
    };
    const staff = open(facilitatorCookie, ["websocket"]);
    await staff.client.join();
    expect((await staff.socket.emitWithAck("exercise:set-status", { exerciseId, status: "running" })).ok).toBe(true);

    // Starts on long-polling (several HTTP requests that must reach one node), then upgrades.
    const host = open(people[0]!.cookie, ["polling", "websocket"]);
    const mediator = open(people[1]!.cookie, ["polling"]);
    await Promise.all([host.client.join(), mediator.client.join()]);
    const sent = await Promise.all([host.client.send(plenaryId, "through nginx, upgraded"), mediator.client.send(plenaryId, "through nginx, polling")]);
    expect(sent.every((r) => r.ok)).toBe(true);

    const bodies = (events: EventDto[]) => events.filter((e) => e.type === "message.sent").map((e) => (e.payload as { body: string }).body).sort();
    for (const member of [host, mediator, staff]) {
      const deadline = Date.now() + 10_000;
      while (bodies(member.events).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(bodies(member.events)).toEqual(["through nginx, polling", "through nginx, upgraded"]);
    }
    expect(host.socket.io.engine.transport.name).toBe("websocket");
    expect(mediator.socket.io.engine.transport.name).toBe("polling");
  }, 60_000);
});
