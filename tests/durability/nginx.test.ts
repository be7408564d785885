// The nginx example of docs/deploy.md, run for real (TLS with a throwaway certificate) in
// front of two Parley nodes on PostgreSQL and Redis: the long-polling transport (which
// needs sticky sessions) and the upgrade to WebSocket both work through it, and every
// response carries the security headers once. `.ci/run` installs nginx.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { request as httpsRequest } from "node:https";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
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

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every header line as sent, lower-cased names (to see a header sent twice). */
  raw: [string, string][];
}

/** A GET that accepts the test's self-signed certificate. */
function get(url: string): Promise<Answer> {
  const send = url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      const raw: [string, string][] = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) raw.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const ok = await get(`https://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`).then(
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
    const [port, plainPort] = [await freePort(), await freePort()];
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const site = readFileSync(join(root, "docs/nginx/parley.conf"), "utf8")
      .replace("server 127.0.0.1:3001;", `server 127.0.0.1:${nodes[0]!.port};`)
      .replace("server 127.0.0.1:3002;", `server 127.0.0.1:${nodes[1]!.port};`)
      .replace("listen 443 ssl;", `listen 127.0.0.1:${port} ssl;`)
      .replace("listen 80;", `listen 127.0.0.1:${plainPort};`)
      .replace("/etc/ssl/parley/fullchain.pem", join(dir, "cert.pem"))
      .replace("/etc/ssl/parley/privkey.pem", join(dir, "key.pem"));
    expect(site).toContain(`server 127.0.0.1:${nodes[1]!.port};`);
    expect(site).toContain(join(dir, "key.pem"));
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
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`https://127.0.0.1:${port}`, {
        transports,
        forceNew: true,
        extraHeaders: { cookie },
        rejectUnauthorized: false,
      });
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
    const sent = await Promise.all([
      host.client.send(plenaryId, "through nginx, upgraded"),
      mediator.client.send(plenaryId, "through nginx, polling"),
    ]);
    expect(sent.every((r) => r.ok)).toBe(true);

    const bodies = (events: EventDto[]) =>
      events
        .filter((e) => e.type === "message.sent")
        .map((e) => (e.payload as { body: string }).body)
        .sort();
    for (const member of [host, mediator, staff]) {
      const deadline = Date.now() + 10_000;
      while (bodies(member.events).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(bodies(member.events)).toEqual(["through nginx, polling", "through nginx, upgraded"]);
    }
    expect(host.socket.io.engine.transport.name).toBe("websocket");
    expect(mediator.socket.io.engine.transport.name).toBe("polling");

    // Security headers: each once, on what the nodes answer and on what nginx answers itself.
    const once = (answer: Answer, name: string) => {
      const lines = answer.raw.filter(([n]) => n === name);
      expect(lines, `${name} sent once`).toHaveLength(1);
      return lines[0]![1];
    };
    const secured = (answer: Answer) => {
      expect(once(answer, "strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
      expect(once(answer, "x-content-type-options")).toBe("nosniff");
      expect(once(answer, "referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(once(answer, "x-frame-options")).toBe("DENY");
      return once(answer, "content-security-policy");
    };
    const health = await get(`https://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    // The node's own policy (with its nonce) comes through unchanged.
    expect(secured(health)).toMatch(
      /^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic';.*frame-ancestors 'none'/,
    );
    expect(secured(await get(`https://127.0.0.1:${port}/no-such-page`))).toContain("frame-ancestors 'none'");

    // LTI launch and deep linking are left frameable (Parley's route names the platform in
    // its own policy); this node has no such route, so nginx's closed policy applies.
    const lti = await get(`https://127.0.0.1:${port}/api/lti/launch`);
    expect(lti.raw.filter(([n]) => n === "x-frame-options")).toEqual([]);
    expect(once(lti, "content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");

    // Plain http only redirects to https, and carries no HSTS (browsers ignore it there).
    const plain = await get(`http://127.0.0.1:${plainPort}/exercises`);
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toBe(`https://127.0.0.1/exercises`);
    expect(plain.headers["strict-transport-security"]).toBeUndefined();

    // With every node down, nginx's own 502 still cannot be framed or run anything.
    for (const s of sockets) s.disconnect();
    await Promise.all(nodes.map((n) => (n.child.kill("SIGKILL"), n.exited)));
    const down = await get(`https://127.0.0.1:${port}/api/health`);
    expect(down.status).toBe(502);
    expect(secured(down)).toBe("default-src 'none'; frame-ancestors 'none'");
  }, 60_000);
});
