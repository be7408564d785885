// The transactional outbox. A command records an effect with `enqueue(tx, …)` inside its own
// transaction, so the effect exists exactly when the change that calls for it does; a
// worker (server/effects/effect-worker.ts) claims due effects under a lease and runs them
// after the commit. Only the lease holder may complete, retry or fail an effect, so a
// worker whose lease ran out (and was taken over) cannot overwrite the new holder's work.
import { randomUUID } from "node:crypto";
import type { Database, Db } from "../db/client";
import type { Tx } from "../db/types";
import type { Prisma } from "../db/generated/sqlite/client";
import { isUniqueViolation } from "../db/errors";
import { effectSchema, type Effect } from "../effects/effect-kinds";

export type NewEffect = Effect & {
  /** Enqueueing the same key again records nothing (a resent command). */
  dedupeKey?: string;
  exerciseId?: string;
  /** Not run before this instant (default: at once). */
  runAt?: Date;
};

/** An effect a worker holds the lease of; `payload` is the stored JSON, parsed by the worker. */
export interface ClaimedEffect {
  id: string;
  kind: string;
  payload: string;
  exerciseId: string | null;
  /** Claims so far, this one included. */
  attempts: number;
  leaseUntil: Date;
  createdAt: Date;
}

export interface EffectRepository {
  /** Records the effect in the caller's transaction. False when its dedupeKey exists (nothing written). */
  enqueue(tx: Tx, effect: NewEffect): Promise<boolean>;
  /** Records the effect in a transaction of its own. */
  enqueueNow(effect: NewEffect): Promise<boolean>;
  /**
   * Leases up to `limit` due effects (runAt ≤ now, not done or failed, not leased or the
   * lease expired) to `workerId` until now + leaseMs, oldest first. Two concurrent claims
   * never return the same effect. `kinds`: only these (a node claims what it can run).
   */
  claim(workerId: string, now: Date, limit: number, leaseMs: number, kinds?: readonly string[]): Promise<ClaimedEffect[]>;
  /** Pushes the lease of the holder's effects to `leaseUntil`; answers how many it still held. */
  extend(ids: readonly string[], workerId: string, leaseUntil: Date): Promise<number>;
  /** Marks it done. False unless `workerId` holds the lease. */
  complete(id: string, workerId: string, now?: Date): Promise<boolean>;
  /** Releases it to run again at `nextRunAt`, keeping the error. False unless `workerId` holds the lease. */
  retry(id: string, workerId: string, error: string, nextRunAt: Date): Promise<boolean>;
  /** Gives up on it, keeping the error. False unless `workerId` holds the lease. */
  fail(id: string, workerId: string, error: string, now?: Date): Promise<boolean>;
}

/** Errors are kept for an operator, not a stack dump. */
const ERROR_CHARS = 2000;
/** What a finished effect keeps of its payload: nothing. A queued email holds a one-time
 *  link, and only the link's hash may stay in the database once it has been sent. */
const SPENT = "{}";

const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

export function createEffectRepository(database: Pick<Database, "prisma" | "provider">): EffectRepository {
  const db: Db = database.prisma;
  const postgres = database.provider === "postgresql";
  /**
   * On SQLite a statement outside a transaction runs on the one connection even while another
   * transaction is open there, so it would see, and join, that transaction's uncommitted work
   * (an effect marked done could be rolled back with it). A transaction of its own
   * waits for the open one to end (the adapter serialises transactions). On PostgreSQL each
   * statement commits on its own.
   */
  const alone = <T>(work: (client: Tx) => Promise<T>): Promise<T> => (postgres ? work(db) : db.$transaction(work, TX_OPTIONS));

  function columns(effect: NewEffect) {
    // The payload is validated where it is written, as well as where it is read.
    const { kind, payload } = effectSchema.parse({ kind: effect.kind, payload: effect.payload });
    return {
      kind,
      payload: JSON.stringify(payload),
      dedupeKey: effect.dedupeKey ?? null,
      exerciseId: effect.exerciseId ?? null,
      runAt: effect.runAt ?? new Date(),
    };
  }

  async function insert(client: Tx, effect: NewEffect): Promise<boolean> {
    const row = columns(effect);
    if (postgres) {
      // A unique violation would abort the caller's whole transaction on PostgreSQL:
      // a repeated key is skipped by the insert itself.
      const written = await client.$executeRawUnsafe(
        `INSERT INTO "Effect" ("id", "kind", "payload", "dedupeKey", "exerciseId", "runAt", "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("dedupeKey") DO NOTHING`,
        randomUUID(),
        row.kind,
        row.payload,
        row.dedupeKey,
        row.exerciseId,
        row.runAt,
        new Date(),
      );
      return written === 1;
    }
    // SQLite undoes only the failed statement; the caller's transaction goes on.
    try {
      await client.effect.create({ data: row });
      return true;
    } catch (error) {
      if (row.dedupeKey && isUniqueViolation(error)) return false;
      throw error;
    }
  }

  const update = async (where: Prisma.EffectWhereInput, data: Prisma.EffectUpdateManyMutationInput) =>
    (await alone((client) => client.effect.updateMany({ where, data }))).count;
  const held = (id: string, workerId: string) => ({ id, leasedBy: workerId, doneAt: null, failedAt: null });
  const select = { id: true, kind: true, payload: true, exerciseId: true, attempts: true, leaseUntil: true, createdAt: true } as const;
  const claimed = (rows: (Omit<ClaimedEffect, "leaseUntil"> & { leaseUntil: Date | null })[]): ClaimedEffect[] =>
    rows.flatMap((row) => (row.leaseUntil ? [{ ...row, leaseUntil: row.leaseUntil }] : []));

  async function claimPostgres(
    workerId: string,
    now: Date,
    limit: number,
    until: Date,
    kinds?: readonly string[],
  ): Promise<ClaimedEffect[]> {
    const kindFilter = kinds ? `AND "kind" IN (${kinds.map((_, i) => `$${i + 5}`).join(", ")})` : "";
    // One statement: rows another node is claiming right now are skipped, not waited for.
    const ids = await db.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE "Effect" SET "leasedBy" = $1, "leaseUntil" = $2, "attempts" = "attempts" + 1
       WHERE "id" IN (
         SELECT "id" FROM "Effect"
         WHERE "doneAt" IS NULL AND "failedAt" IS NULL AND "runAt" <= $3 AND ("leaseUntil" IS NULL OR "leaseUntil" < $3) ${kindFilter}
         ORDER BY "runAt" ASC LIMIT $4
         FOR UPDATE SKIP LOCKED)
       RETURNING "id"`,
      workerId,
      until,
      now,
      limit,
      ...(kinds ?? []),
    );
    if (ids.length === 0) return [];
    return claimed(
      await db.effect.findMany({ where: { id: { in: ids.map((r) => r.id) }, leasedBy: workerId }, orderBy: { runAt: "asc" }, select }),
    );
  }

  async function claimSqlite(workerId: string, now: Date, limit: number, until: Date, kinds?: readonly string[]): Promise<ClaimedEffect[]> {
    const due = {
      doneAt: null,
      failedAt: null,
      runAt: { lte: now },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
      ...(kinds ? { kind: { in: [...kinds] } } : {}),
    };
    // Another claimer may lease every candidate first: then look again (a few times), so that
    // an empty answer means nothing is due rather than that a race was lost.
    for (let round = 0; round < 5; round++) {
      // Candidates only: this read may see an open transaction's rows (see `alone`). An idle
      // poll ends here, having taken no lock (messages' direct writer never waits for it).
      const candidates = await db.effect.findMany({ where: due, orderBy: { runAt: "asc" }, take: limit, select: { id: true } });
      if (candidates.length === 0) return [];
      const ids = candidates.map((c) => c.id);
      const won = await db.$transaction(async (tx) => {
        // Committed rows only, and the write first (a transaction that read first could find
        // its snapshot stale when it writes): the same conditions again, so a row another
        // claimer leased in between stays its own, and a row of a rolled-back transaction is gone.
        const { count } = await tx.effect.updateMany({
          where: { id: { in: ids }, ...due },
          data: { leasedBy: workerId, leaseUntil: until, attempts: { increment: 1 } },
        });
        return count === 0
          ? []
          : claimed(
              await tx.effect.findMany({
                where: { id: { in: ids }, leasedBy: workerId, leaseUntil: until },
                orderBy: { runAt: "asc" },
                select,
              }),
            );
      }, TX_OPTIONS);
      if (won.length > 0) return won;
    }
    return [];
  }

  return {
    enqueue: (tx, effect) => insert(tx, effect),
    enqueueNow: (effect) => alone((client) => insert(client, effect)),

    async claim(workerId, now, limit, leaseMs, kinds) {
      if (limit <= 0 || kinds?.length === 0) return [];
      const until = new Date(now.getTime() + leaseMs);
      return postgres ? claimPostgres(workerId, now, limit, until, kinds) : claimSqlite(workerId, now, limit, until, kinds);
    },

    async extend(ids, workerId, leaseUntil) {
      if (ids.length === 0) return 0;
      return update({ id: { in: [...ids] }, leasedBy: workerId, doneAt: null, failedAt: null }, { leaseUntil });
    },

    async complete(id, workerId, now = new Date()) {
      return (await update(held(id, workerId), { doneAt: now, leaseUntil: null, payload: SPENT })) === 1;
    },

    async retry(id, workerId, error, nextRunAt) {
      return (
        (await update(held(id, workerId), {
          runAt: nextRunAt,
          leasedBy: null,
          leaseUntil: null,
          lastError: error.slice(0, ERROR_CHARS),
        })) === 1
      );
    },

    async fail(id, workerId, error, now = new Date()) {
      return (
        (await update(held(id, workerId), { failedAt: now, leaseUntil: null, lastError: error.slice(0, ERROR_CHARS), payload: SPENT })) ===
        1
      );
    },
  };
}
