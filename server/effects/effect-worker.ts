// Runs the outbox (server/storage/effect.repository.ts) after the commit. Every node may run
// a worker: each claims due effects under a lease, runs their handlers, and completes them;
// a handler that throws is tried again later, further apart each time, until maxAttempts,
// then the effect is left failed with its last error (and logged).
//
// The guarantee is at least once, never twice at the same time. A lease is renewed while
// its handler runs, so no other worker takes the effect over from a live one; but a node
// that dies between a handler's side effect and `complete` leaves the lease to run out, and
// another worker then runs the handler again. Handlers must be idempotent where that
// matters (an email may, rarely, arrive twice).
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Logger } from "../logger";
import type { Tx } from "../db/types";
import type { ClaimedEffect, EffectRepository, NewEffect } from "../storage/effect.repository";
import { effectKinds, effectSchema, type Effect, type EffectKind, type EffectPayload } from "./effect-kinds";

export interface EffectContext {
  id: string;
  /** 1 on the first run. */
  attempt: number;
  exerciseId: string | null;
}

export type EffectHandler<K extends EffectKind> = (payload: EffectPayload<K>, context: EffectContext) => Promise<void>;
/** A handler per kind this process can run; kinds without one are left to other nodes. */
export type EffectHandlers = { [K in EffectKind]?: EffectHandler<K> };

/** What a command needs of the outbox. */
export interface Effects {
  /** Records an effect in the caller's transaction: it runs if, and only if, that commits. False when its dedupeKey was recorded before. */
  enqueue(tx: Tx, effect: NewEffect): Promise<boolean>;
  /** Records an effect on its own (no change goes with it). */
  enqueueNow(effect: NewEffect): Promise<boolean>;
  /** Whether this process runs effects of this kind (email.send needs SMTP_URL). */
  handles(kind: EffectKind): boolean;
  /** After your commit: run what is due now rather than at the next poll. */
  wake(): void;
}

export interface EffectWorker extends Effects {
  readonly id: string;
  /** Polls every pollMs until stopped. Not started by composeApp: the entry file starts it. */
  start(): void;
  /** Claims and runs what is due until nothing is; resolves when those handlers have settled. */
  runDue(): Promise<void>;
  /** No new claims; waits (up to `graceMs`) for running handlers to settle. */
  stop(graceMs?: number): Promise<void>;
}

export interface EffectWorkerDeps {
  repository: EffectRepository;
  handlers: EffectHandlers;
  logger: Logger;
  now?: () => number;
  /** Between polls (default 1 s); wake() runs sooner. */
  pollMs?: number;
  /** How long a claim holds an effect before another worker may take it (default 60 s). */
  leaseMs?: number;
  /** Runs of one effect before it is left failed (default 10). */
  maxAttempts?: number;
  /** The wait before attempt n + 1 after attempt n failed (default: 5 s doubling, at most 30 min). */
  backoff?: (attempt: number) => number;
  /** Effects claimed and run at once (default 10). */
  batch?: number;
  workerId?: string;
}

export const exponentialBackoff =
  (firstMs: number, maxMs: number) =>
  (attempt: number): number =>
    Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt - 1));

const DEFAULT_STOP_GRACE_MS = 10_000;

export function createEffectWorker(deps: EffectWorkerDeps): EffectWorker {
  const { repository, handlers, logger } = deps;
  const now = deps.now ?? Date.now;
  const pollMs = deps.pollMs ?? 1000;
  const leaseMs = deps.leaseMs ?? 60_000;
  const maxAttempts = deps.maxAttempts ?? 10;
  const backoff = deps.backoff ?? exponentialBackoff(5_000, 30 * 60_000);
  const batch = deps.batch ?? 10;
  const id = deps.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const kinds = effectKinds.filter((kind) => handlers[kind] !== undefined);

  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | null = null;
  let again = false;
  /** Lease renewals of running batches; dropped when stop() gives up on them. */
  const renewals = new Set<NodeJS.Timeout>();

  const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

  async function run(effect: ClaimedEffect): Promise<void> {
    const log = { effectId: effect.id, kind: effect.kind, attempt: effect.attempts };
    if (effect.attempts > maxAttempts) {
      // Its last attempt never reported back (the process stopped or crashed while running it).
      if (await repository.fail(effect.id, id, "the lease ran out during the last attempt", new Date(now())))
        logger.error(log, "effect failed: the lease ran out during its last attempt");
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(effect.payload);
    } catch {
      payload = undefined;
    }
    const parsed = effectSchema.safeParse({ kind: effect.kind, payload });
    if (!parsed.success) {
      // No retry makes a stored payload valid.
      if (await repository.fail(effect.id, id, `invalid payload: ${parsed.error.issues[0]?.message ?? "unreadable"}`, new Date(now())))
        logger.error(log, "effect failed: its payload is not valid");
      return;
    }
    const context = { id: effect.id, attempt: effect.attempts, exerciseId: effect.exerciseId };
    try {
      await dispatch(parsed.data, context);
    } catch (error) {
      const message = describe(error);
      if (effect.attempts >= maxAttempts) {
        if (await repository.fail(effect.id, id, message, new Date(now())))
          logger.error({ ...log, err: error }, "effect failed after its last attempt");
        else logger.warn(log, "effect failed, but its lease had been taken over");
        return;
      }
      const nextRunAt = new Date(now() + backoff(effect.attempts));
      if (await repository.retry(effect.id, id, message, nextRunAt))
        logger.warn({ ...log, err: error, nextRunAt }, "effect failed; trying again later");
      else logger.warn(log, "effect failed, but its lease had been taken over");
      return;
    }
    if (!(await repository.complete(effect.id, id, new Date(now()))))
      logger.warn(log, "effect ran, but its lease had been taken over (it may run again)");
  }

  function dispatch(effect: Effect, context: EffectContext): Promise<void> {
    // One case per kind, so that each handler gets its own payload type.
    switch (effect.kind) {
      case "email.send": {
        const handler = handlers["email.send"];
        if (!handler) throw new Error("no handler for email.send");
        return handler(effect.payload, context);
      }
      case "injects.due": {
        const handler = handlers["injects.due"];
        if (!handler) throw new Error("no handler for injects.due");
        return handler(effect.payload, context);
      }
    }
  }

  /** Runs one claimed batch, renewing its leases while any of it runs. */
  async function runBatch(claimed: ClaimedEffect[]): Promise<void> {
    const running = new Set(claimed.map((e) => e.id));
    const renew = setInterval(
      () => {
        const ids = [...running];
        repository.extend(ids, id, new Date(now() + leaseMs)).then(
          (kept) => {
            if (kept < ids.length) logger.warn({ lost: ids.length - kept }, "effect leases were taken over while running");
          },
          (err: unknown) => logger.warn({ err }, "could not renew effect leases"),
        );
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    renew.unref();
    renewals.add(renew);
    try {
      await Promise.all(
        claimed.map((effect) =>
          run(effect)
            .catch((err: unknown) =>
              logger.error({ err, effectId: effect.id }, "could not record an effect's outcome; it runs again after its lease"),
            )
            .finally(() => running.delete(effect.id)),
        ),
      );
    } finally {
      clearInterval(renew);
      renewals.delete(renew);
    }
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      let claimed: ClaimedEffect[];
      do {
        if (stopped) return;
        claimed = await repository.claim(id, new Date(now()), batch, leaseMs, kinds);
        if (claimed.length > 0) await runBatch(claimed);
      } while (claimed.length === batch);
    } while (again && !stopped);
  }

  function runDue(): Promise<void> {
    if (pass) {
      again = true;
      return pass;
    }
    pass = drain().finally(() => (pass = null));
    return pass;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      runDue()
        .catch((err: unknown) => logger.error({ err }, "effect worker pass failed; trying again at the next poll"))
        .finally(schedule);
    }, pollMs);
    timer.unref();
  }

  return {
    id,
    enqueue: (tx, effect) => repository.enqueue(tx, effect),
    enqueueNow: (effect) => repository.enqueueNow(effect),
    handles: (kind) => handlers[kind] !== undefined,
    wake() {
      if (!started || stopped || kinds.length === 0) return;
      runDue().catch((err: unknown) => logger.error({ err }, "effect worker pass failed; trying again at the next poll"));
    },
    start() {
      if (started || stopped || kinds.length === 0) return;
      started = true;
      logger.info({ workerId: id, kinds }, "effect worker started");
      runDue().catch((err: unknown) => logger.error({ err }, "effect worker pass failed; trying again at the next poll"));
      schedule();
    },
    runDue,
    async stop(graceMs = DEFAULT_STOP_GRACE_MS) {
      stopped = true;
      clearTimeout(timer);
      if (!pass) return;
      let late: NodeJS.Timeout | undefined;
      const gaveUp = await Promise.race([
        pass.then(
          () => false,
          () => false,
        ),
        new Promise<boolean>((resolve) => (late = setTimeout(() => resolve(true), graceMs))),
      ]);
      clearTimeout(late);
      if (!gaveUp) return;
      // Their leases run out, so that another worker runs them (the process is about to exit).
      for (const renew of renewals) clearInterval(renew);
      renewals.clear();
      logger.warn({ graceMs }, "effects still running at stop: they run again elsewhere after their lease");
    },
  };
}
