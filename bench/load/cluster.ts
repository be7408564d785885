// What `--cluster` borrows and gives back: a throwaway PostgreSQL database (dropped
// however the run ends) and a Redis key prefix no other run shares (its keys deleted).
// Also the CPU those two servers spend over the window, when they run on this machine.
import { readFileSync } from "node:fs";
import pg from "pg";
import { createClient } from "redis";
import { cpuSeconds } from "./processes";

export const BENCH_PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface Borrowed {
  databaseUrl: string;
  databaseName: string;
  redisPrefix: string;
  /** Drops the database (closing what is still connected) and deletes the prefix's keys. */
  release(): Promise<void>;
}

export async function borrowClusterServices(): Promise<Borrowed> {
  const run = `${process.pid}_${Date.now()}`;
  const name = `parley_bench_${run}`;
  await admin(`CREATE DATABASE "${name}"`);
  const redisPrefix = `parley-bench-${run}`;
  let releasing: Promise<void> | undefined;
  return {
    databaseUrl: `${BENCH_PG_ADMIN_URL.replace(/\/[^/]*$/, "")}/${name}`,
    databaseName: name,
    redisPrefix,
    release() {
      // Once, however many callers (the run's end and a signal) ask.
      releasing ??= (async () => {
        const results = await Promise.allSettled([admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), deleteRedisKeys(redisPrefix)]);
        const failed = results.flatMap((r) =>
          r.status === "rejected" ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : [],
        );
        if (failed.length) throw new Error(`could not clean up ${name} / ${redisPrefix}:*: ${failed.join("; ")}`);
      })();
      return releasing;
    },
  };
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = createClient({ url: BENCH_REDIS_URL, socket: { reconnectStrategy: false } }).on("error", () => undefined);
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 100 })) if (keys.length) await redis.del(keys);
  } finally {
    await redis.quit();
  }
}

/** What PostgreSQL and Redis did over the window; null where a figure could not be read
 * (a server that is not a process of this machine has no /proc entry here). */
export interface ServiceWork {
  postgres: {
    /** CPU of the backends serving the benchmark's database (not the shared WAL writer,
     * checkpointer or other databases' backends). */
    cpuSeconds: number | null;
    /** Commits in the benchmark's database (each statement outside a transaction is
     * one); PostgreSQL publishes these counts up to a second late. */
    transactions: number | null;
  };
  /** The whole Redis server, which other runs on this machine may share. */
  redis: { cpuSeconds: number | null; commands: number | null };
}

const readCpu = (pid: number) => {
  try {
    return cpuSeconds(pid);
  } catch {
    return null;
  }
};

interface Snapshot {
  backends: Map<number, number> | null;
  transactions: number | null;
  redisPid: number | null;
  redisCpu: number | null;
  redisCommands: number | null;
}

async function snapshot(databaseName: string, redisPid?: number | null): Promise<Snapshot> {
  // Redis first: it is the quicker read, and the window has just opened or closed.
  const redis = createClient({ url: BENCH_REDIS_URL, socket: { reconnectStrategy: false } }).on("error", () => undefined);
  await redis.connect();
  let redisCommands: number | null = null;
  try {
    const [server, stats] = await Promise.all([redisPid === undefined ? redis.info("server") : Promise.resolve(""), redis.info("stats")]);
    if (redisPid === undefined) {
      const pid = Number(/process_id:(\d+)/.exec(server)?.[1]);
      redisPid = Number.isInteger(pid) && readFileSync(`/proc/${pid}/comm`, "utf8").includes("redis") ? pid : null;
    }
    redisCommands = Number(/total_commands_processed:(\d+)/.exec(stats)?.[1] ?? Number.NaN);
  } catch {
    redisPid ??= null;
  } finally {
    await redis.quit();
  }
  const redisCpu = redisPid === null ? null : readCpu(redisPid);
  const client = new pg.Client({ connectionString: BENCH_PG_ADMIN_URL });
  await client.connect();
  try {
    const pids = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [
      databaseName,
    ]);
    const backends = new Map(
      pids.rows.flatMap((r) => [[r.pid, readCpu(r.pid)] as const]).filter((e): e is [number, number] => e[1] !== null),
    );
    const stats = await client.query<{ commits: string }>("SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = $1", [
      databaseName,
    ]);
    return {
      backends,
      transactions: Number(stats.rows[0]?.commits ?? Number.NaN),
      redisPid,
      redisCpu,
      redisCommands: Number.isFinite(redisCommands) ? redisCommands : null,
    };
  } finally {
    await client.end();
  }
}

const unread: Snapshot = { backends: null, transactions: null, redisPid: null, redisCpu: null, redisCommands: null };

/** Reads at once; `end()` reads again and returns the differences (null if unreadable:
 * these figures are context, never a reason to fail the run). */
export function probeServices(databaseName: string): { end(): Promise<ServiceWork> } {
  const started = snapshot(databaseName).catch(() => unread);
  const diff = (a: number | null | undefined, b: number | null | undefined) =>
    a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) ? null : Math.round((b - a) * 100) / 100;
  return {
    async end() {
      const start = await started;
      const end = await snapshot(databaseName, start.redisPid).catch(() => unread);
      // A backend opened during the window counts from zero: all its life is in it.
      const backendCpu =
        start.backends && end.backends
          ? [...end.backends].reduce((sum, [pid, cpu]) => sum + cpu - (start.backends?.get(pid) ?? 0), 0)
          : null;
      return {
        postgres: { cpuSeconds: diff(0, backendCpu), transactions: diff(start.transactions, end.transactions) },
        redis: { cpuSeconds: diff(start.redisCpu, end.redisCpu), commands: diff(start.redisCommands, end.redisCommands) },
      };
    },
  };
}
