// The benchmark's server processes: started, measured from /proc (Linux), stopped.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { buildServer, SERVER_NODE_FLAGS } from "../../scripts/build-server.mjs";

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
}

/** The servers as `npm start` runs Parley: compiled to JavaScript (scripts/build-server.mjs),
 * Parley's socket node into dist/ as `npm run build` does, the bare server beside it, so
 * neither side carries tsx's loader. Returns each one's script, by source. */
export async function compileServers(root: string): Promise<{ parley: string; baseline: string }> {
  await buildServer({
    root,
    entries: { "socket-node": "server/socket-node.ts", "bench/baseline-server": "bench/load/baseline-server.ts" },
  });
  return { parley: "dist/socket-node.mjs", baseline: "dist/bench/baseline-server.mjs" };
}

/** Starts a compiled `script` (relative to `root`) in this Node (one process: its pid is the
 * server's) and resolves once it prints "listening <port>"; a server that never does (a
 * node waiting for an unreachable Redis) is killed after `readyMs`. */
export function startServer(root: string, script: string, env: Record<string, string>, readyMs = 120_000): Promise<ServerProcess> {
  // Both servers with the allocator setting and Node flags `npm start` and the systemd unit give Parley.
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script], {
    cwd: root,
    env: { MALLOC_ARENA_MAX: "2", ...process.env, ...env, PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} was not listening after ${readyMs / 1000} s`));
    }, readyMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, port: Number(match[1]), url: `http://127.0.0.1:${match[1]}`, exited });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}`));
    });
  });
}

const terminated = new WeakSet<ChildProcess>();

/** SIGTERM (once: a second one skips a node's drain), then SIGKILL if it has not gone
 * after `graceMs`; resolves once it has exited. */
export async function stopServer(server: ServerProcess, graceMs = 10_000): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  if (!terminated.has(server.child)) server.child.kill("SIGTERM");
  terminated.add(server.child);
  const timer = setTimeout(() => server.child.kill("SIGKILL"), graceMs);
  await server.exited;
  clearTimeout(timer);
}

/** utime + stime of a process, in seconds (Linux). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat(5), counted here from field 3 (state).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
