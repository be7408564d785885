#!/usr/bin/env node
// Starts Parley the way the README does (npm start) on a fresh SQLite file and a free
// port, then checks the landing page and /api/health. Prints "N passed, N failed".
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const dir = mkdtempSync(join(tmpdir(), "parley-smoke-"));
const child = spawn("npm", ["start"], {
  env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${join(dir, "not-yet-created", "parley.db")}`, LOG_LEVEL: "warn" },
  stdio: ["ignore", "inherit", "inherit"],
  detached: true,
});
let exited = false;
child.on("exit", () => (exited = true));

const base = `http://127.0.0.1:${port}`;
const results = [];
const check = (name, pass, detail = "") => {
  results.push(pass);
  console.log(`${pass ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
};

try {
  const deadline = Date.now() + 240_000;
  let health;
  while (Date.now() < deadline && !exited) {
    try {
      health = await fetch(`${base}/api/health`);
      // Listening, but still loading its running exercises: not ready yet.
      if (health.status === 503 && (await health.clone().json()).state === "starting") {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (!health) throw new Error(exited ? "npm start exited before serving" : "no answer within 240 s");
  const body = await health.json();
  check(
    "GET /api/health answers 200 {status: ok, db: ok}",
    health.status === 200 && body.status === "ok" && body.db === "ok",
    JSON.stringify(body),
  );
  const home = await fetch(base);
  const html = await home.text();
  check(
    "GET / serves the landing page with the demo scenarios",
    home.status === 200 && html.includes("Parley") && html.includes("Built-in scenarios"),
    `status ${home.status}`,
  );
} catch (error) {
  check("npm start serves Parley", false, error.message);
} finally {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
  rmSync(dir, { recursive: true, force: true });
}
const passed = results.filter(Boolean).length;
console.log(`smoke: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
