// The log writer for SQLite: its own better-sqlite3 connection to Parley's file, with
// prepared statements. better-sqlite3 runs each transaction to the end synchronously, so
// it never interleaves with Prisma's connection; but Prisma's interactive transactions
// hold the write lock across awaits, so this connection never waits for a lock
// (busy_timeout 0) and hands the append back to Prisma when the file is busy.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { UnknownExerciseError } from "./exercise-log.errors";
import { eventColumns, loggedEvent, type DirectAppend, type DirectOutcome, type HeadRow, type LogWriter } from "./log-writer";

/** How Prisma's SQLite adapter stores a DateTime (ISO 8601, "+00:00" offset). */
const prismaTimestamp = (date: Date) => date.toISOString().replace("Z", "+00:00");

class Busy extends Error {}

export function createSqliteLogWriter(path: string): LogWriter {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 0");

  const bump = db.prepare<[string], { lastSeq: number }>(
    'UPDATE "Exercise" SET "lastSeq" = "lastSeq" + 1 WHERE "id" = ? RETURNING "lastSeq"',
  );
  const insertEvent = db.prepare(
    'INSERT INTO "ExerciseEvent" ("id", "exerciseId", "seq", "type", "actorUserId", "actorRoleKey", "visibility", "channelId", "audienceRoles", "payload", "idempotencyKey", "createdAt") ' +
      "VALUES (@id, @exerciseId, @seq, @type, @actorUserId, @actorRoleKey, @visibility, @channelId, @audienceRoles, @payload, @idempotencyKey, @createdAt)",
  );

  // The time as epoch ms in SQL (julianday reads Prisma's ISO text with its offset).
  // Rows as arrays (`raw`): a 100,000-event debrief reads this many cold, and building the
  // objects here is cheaper than having the driver define each column on each row.
  const heads = db
    .prepare<[string, number, number], [number, string, number, string, string | null, string | null]>(
      'SELECT "seq", "type", CAST(ROUND((julianday("createdAt") - 2440587.5) * 86400000.0) AS INTEGER) AS "at", "visibility", "channelId", "audienceRoles" FROM "ExerciseEvent" WHERE "exerciseId" = ? AND "seq" > ? ORDER BY "seq" LIMIT ?',
    )
    .raw(true);

  // One item: a savepoint inside the batch's transaction, so a failing item undoes only itself.
  const appendOne = db.transaction((item: DirectAppend, createdAt: Date) => {
    const row = bump.get(item.input.exerciseId);
    if (!row) throw new UnknownExerciseError(item.input.exerciseId);
    const stamp = prismaTimestamp(createdAt);
    const columns = eventColumns(item.input, row.lastSeq);
    insertEvent.run({ id: randomUUID(), ...columns, createdAt: stamp });
    return loggedEvent(item.input, row.lastSeq, createdAt, columns.payload);
  });

  const appendBatch = db.transaction((items: DirectAppend[]): DirectOutcome[] =>
    items.map((item) => {
      const createdAt = new Date();
      try {
        return { kind: "appended", event: appendOne(item, createdAt) };
      } catch (error) {
        if (isBusy(error)) throw new Busy();
        if (item.input.idempotencyKey && isUnique(error)) return { kind: "duplicate" };
        return { kind: "failed", error };
      }
    }),
  );

  return {
    async appendAll(items) {
      try {
        return appendBatch.immediate(items);
      } catch (error) {
        if (error instanceof Busy || isBusy(error)) return null;
        throw error;
      }
    },
    async headsAfter(exerciseId, afterSeq, limit) {
      return heads
        .all(exerciseId, afterSeq, limit)
        .map(([seq, type, at, visibility, channelId, audienceRoles]): HeadRow => ({ seq, type, at, visibility, channelId, audienceRoles }));
    },
    async close() {
      db.close();
    },
  };
}

function isBusy(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" && error.code.startsWith("SQLITE_BUSY")
  );
}

function isUnique(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "SQLITE_CONSTRAINT_UNIQUE";
}
