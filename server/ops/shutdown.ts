// Graceful shutdown, the same for `npm start` (server/main.ts) and a socket node
// (server/socket-node.ts): readiness answers 503 at once so that a balancer stops sending
// new work; new sockets are refused and connected ones are told; they get DRAIN_MS to finish
// what they are doing (less if they all leave first); then the sockets and the listener
// close, commands still running get a moment to be stored, and the rest closes in order.
import type { Env } from "../config/env";
import type { Logger } from "../logger";
import type { DrainNotice } from "../socket/socket-server";
import type { Lifecycle } from "./lifecycle";

/** The parts of the socket server a shutdown drives. */
export interface Drainable {
  /** Sockets open on this process. */
  sockets(): number;
  drain(notice: DrainNotice): void;
  /** Closes the sockets and the HTTP listener they share. */
  close(): Promise<void>;
}

export interface ShutdownDeps {
  lifecycle: Lifecycle;
  realtime: Drainable;
  /** Socket commands received and not yet answered. */
  inFlight(): number;
  drainMs: number;
  logger: Logger;
  /** What closes after the sockets, in order (Next, the backup schedule, Redis, the database). */
  then: readonly (readonly [name: string, close: () => unknown])[];
}

/** DRAIN_MS, or its default: 5 s in production, none in development and tests. */
export function drainPeriod(env: Pick<Env, "DRAIN_MS" | "NODE_ENV">): number {
  return env.DRAIN_MS ?? (env.NODE_ENV === "production" ? 5_000 : 0);
}

/** Commands still running when the sockets close get this long to be stored. */
const IN_FLIGHT_GRACE_MS = 5_000;
const POLL_MS = 50;

/** Resolves once `done()` holds or `ms` have passed. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
}

export async function shutDown(deps: ShutdownDeps, signal: string): Promise<void> {
  const { lifecycle, realtime, logger, drainMs } = deps;
  lifecycle.draining();
  logger.info({ signal, drainMs, sockets: realtime.sockets() }, "shutting down: draining");
  realtime.drain({ reconnectInMs: drainMs });
  await until(() => realtime.sockets() === 0 && deps.inFlight() === 0, drainMs);
  await realtime.close();
  await until(() => deps.inFlight() === 0, IN_FLIGHT_GRACE_MS);
  if (deps.inFlight() > 0) logger.warn({ commands: deps.inFlight() }, "commands still running at shutdown (clients resend them)");
  for (const [name, close] of deps.then) {
    try {
      await close();
    } catch (err) {
      logger.error({ err, step: name }, "shutdown step failed");
    }
  }
  logger.info("stopped");
}

/**
 * Runs `stop` on the first SIGTERM or SIGINT, then exits 0 (1 if it threw). A second signal
 * exits at once (Ctrl-C twice).
 */
export function stopOnSignals(stop: (signal: string) => Promise<void>, logger: Logger): void {
  let stopping = false;
  const on = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting without draining");
      process.exit(1);
    }
    stopping = true;
    stop(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", on);
  process.on("SIGINT", on);
}
