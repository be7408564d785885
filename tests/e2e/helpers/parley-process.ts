// Starts Parley as users do (the production server on a fresh SQLite file) for browser
// tests, on a free port; stops it afterwards.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVER_NODE_FLAGS } from "../../../scripts/build-server.mjs";

const root = join(import.meta.dirname, "../../..");

export interface ParleyProcess {
  url: string;
  /** Its SQLite file (a test that seeds a large log writes there directly). */
  databasePath: string;
  output: string[];
  /** The first-run link with its one-time token, as Parley printed it in its log. */
  setupUrl(): string;
  /** Its token alone. */
  setupToken(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Builds once per run unless E2E_SKIP_BUILD=1 says a fresh build is already there. */
export function ensureBuild(): void {
  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(join(root, ".next/BUILD_ID")) && existsSync(join(root, "dist/main.mjs"))) return;
  const result = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}

export async function startParley(options: { port?: number; env?: Record<string, string> } = {}): Promise<ParleyProcess> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "parley-e2e-"));
  const output: string[] = [];
  // What `npm start` runs: the compiled server (dist/main.mjs, made by `npm run build`).
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, "dist/main.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, "parley.db")}`,
      NEXTAUTH_SECRET: "e2e-secret-that-is-long-enough-0123456789",
      LOG_LEVEL: "warn",
      // stop() need not give open pages the production drain period.
      DRAIN_MS: "0",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (c: Buffer) => output.push(c.toString()));
  child.stderr?.on("data", (c: Buffer) => output.push(c.toString()));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Parley exited early:\n${output.join("")}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const setupUrl = () => {
    const found = /"setupUrl":"([^"]+)"/.exec(output.join(""))?.[1];
    if (!found) throw new Error(`Parley printed no setup link:\n${output.join("")}`);
    return found;
  };
  return {
    url,
    databasePath: join(dir, "parley.db"),
    output,
    setupUrl,
    setupToken: () => new URL(setupUrl()).searchParams.get("token") ?? "",
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
