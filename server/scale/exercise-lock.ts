// Who may change an exercise's live state, and when a node's copy of it is out of date.
//
// One node: a per-exercise queue in memory is enough (ExerciseRoom.exclusive).
// Several nodes: validation, the log append and the publish must also be exclusive
// across nodes, or two nodes could each accept a change the other makes invalid, and
// publish in an order other than the log's. `createRedisExerciseLock` holds a lease in
// Redis around each task, and keeps beside it a version token of the exercise's live
// state: a node whose copy carries another token reloads it from the database first.
import { randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import type { RedisClient } from "./redis";

/** What the lock reads and writes on a room. */
export interface LockedState {
  readonly exerciseId: string;
  /** The version token this node's copy reflects; null: unknown, reload before use. */
  version: string | null;
  /** Set by a task that changed the state, so the release publishes a new token. */
  changed: boolean;
}

export interface ExerciseLock {
  readonly distributed: boolean;
  /**
   * Runs `task` while no other node runs one for this exercise. `reload` is called first
   * when another node changed the exercise since this node's copy was loaded.
   */
  hold<T>(state: LockedState, reload: () => Promise<void>, task: () => Promise<T>): Promise<T>;
}

/** A single process: the room's own queue already makes tasks exclusive. */
export const localExerciseLock: ExerciseLock = {
  distributed: false,
  hold: (_state, _reload, task) => task(),
};

export class LockTimeoutError extends Error {
  constructor(exerciseId: string, waitedMs: number) {
    super(`Could not lock exercise ${exerciseId} within ${waitedMs} ms`);
    this.name = "LockTimeoutError";
  }
}

// Takes the lease and returns the state token in one round trip.
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('GET', KEYS[2])}
end
return {0}`;

// Extends the lease while its task runs, only if it is still ours.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

// Publishes the new token (if any) and frees the lease, only if it is still ours.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

export interface RedisLockOptions {
  logger: Logger;
  /** How long a lease outlives its node if that node dies while holding it (it is
   * renewed while the task runs, so a slow task keeps it). */
  leaseMs?: number;
  /** How long a task waits for the lease before it fails (the client retries). */
  waitMs?: number;
  /** How long a state token is kept; a missing token only costs a reload. */
  versionTtlMs?: number;
  keyPrefix?: string;
}

export function createRedisExerciseLock(redis: RedisClient, options: RedisLockOptions): ExerciseLock {
  const { logger, leaseMs = 3_000, waitMs = 10_000, versionTtlMs = 7 * 24 * 3600_000, keyPrefix = "parley" } = options;
  const lockKey = (id: string) => `${keyPrefix}:exercise:${id}:lock`;
  const versionKey = (id: string) => `${keyPrefix}:exercise:${id}:version`;

  async function acquire(exerciseId: string, token: string): Promise<string | null> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const reply = (await redis.eval(ACQUIRE, {
        keys: [lockKey(exerciseId), versionKey(exerciseId)],
        arguments: [token, String(leaseMs)],
      })) as [number, string | null] | [number];
      if (reply[0] === 1) return reply[1] ?? null;
      const waited = Date.now() - started;
      if (waited > waitMs) throw new LockTimeoutError(exerciseId, waited);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt, 10)));
    }
  }

  return {
    distributed: true,
    async hold(state, reload, task) {
      const token = randomUUID();
      const current = await acquire(state.exerciseId, token);
      let released = false;
      const renewal = setInterval(
        () => {
          redis.eval(RENEW, { keys: [lockKey(state.exerciseId)], arguments: [token, String(leaseMs)] }).catch(() => undefined);
        },
        Math.max(100, Math.floor(leaseMs / 3)),
      );
      try {
        if (current === null || current !== state.version) {
          await reload();
          state.version = current;
          // Nobody has published a token yet (or it expired): publish one with this task.
          if (current === null) state.changed = true;
        }
        const result = await task();
        return result;
      } finally {
        clearInterval(renewal);
        const next = state.changed ? randomUUID() : "";
        state.changed = false;
        // Issued on the client the Socket.io adapter publishes with, after the task's
        // publishes: Redis appends them to the stream before the next holder's.
        const freed = await redis
          .eval(RELEASE, {
            keys: [lockKey(state.exerciseId), versionKey(state.exerciseId)],
            arguments: [token, next, String(versionTtlMs)],
          })
          .catch((err: unknown) => {
            logger.error({ err, exerciseId: state.exerciseId }, "could not release the exercise lock");
            return 0;
          });
        released = freed === 1;
        if (released) {
          if (next) state.version = next;
        } else {
          // The lease ran out under us: another node may have changed things since.
          logger.error({ exerciseId: state.exerciseId, leaseMs }, "exercise lock expired before its task finished");
          state.version = null;
        }
      }
    },
  };
}
