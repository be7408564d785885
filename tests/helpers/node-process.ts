// Starts server/socket-node.ts as a child process (one process, no tsx wrapper,
// so that SIGKILL kills the server itself) and resolves with its port.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");

export interface NodeProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
}

export function startNodeProcess(env: Record<string, string>, port = 0): Promise<NodeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "server/socket-node.ts")], {
    cwd: root,
    // Tests send bursts far above a participant's rate limit.
    env: { ...process.env, MESSAGES_PER_10S: "100000", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve({ child, port: Number(match[1]), url: `http://127.0.0.1:${match[1]}`, exited });
    });
    child.once("exit", (code) => reject(new Error(`socket node exited with ${code}`)));
  });
}
