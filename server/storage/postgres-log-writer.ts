// The log writer for PostgreSQL: one statement per append on a pg pool, which bumps the
// exercise's counter (taking its row lock) and inserts the event, atomically; a repeated idempotency key fails on its unique index and
// undoes the whole statement.
import pg from "pg";
import { UnknownExerciseError } from "./exercise-log.errors";
import { eventColumns, loggedEvent, type DirectOutcome, type HeadRow, type LogWriter } from "./log-writer";
import { randomUUID } from "node:crypto";

const APPEND = `
WITH bumped AS (
  UPDATE "Exercise" SET "lastSeq" = "lastSeq" + 1 WHERE "id" = $2 RETURNING "lastSeq"
), event AS (
  INSERT INTO "ExerciseEvent" ("id", "exerciseId", "seq", "type", "actorUserId", "actorRoleKey", "visibility", "channelId", "audienceRoles", "payload", "idempotencyKey", "createdAt")
  SELECT $1, $2, bumped."lastSeq", $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamp(3) FROM bumped
  RETURNING "seq"
)
SELECT "seq" FROM event`;

// A timestamp without time zone's epoch is taken as UTC, which is how Prisma stores it.
const HEADS = `SELECT "seq", "type", (EXTRACT(EPOCH FROM "createdAt") * 1000)::float8 AS "at", "visibility", "channelId", "audienceRoles"
FROM "ExerciseEvent" WHERE "exerciseId" = $1 AND "seq" > $2 ORDER BY "seq" LIMIT $3`;

/** Prisma stores DateTime in PostgreSQL as UTC in a timestamp(3) without time zone. */
const utcTimestamp = (date: Date) => date.toISOString().replace("T", " ").replace("Z", "");

export function createPostgresLogWriter(connectionString: string): LogWriter {
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on("error", () => undefined); // an idle client's error: the pool replaces it

  return {
    async appendAll(items) {
      const outcomes: DirectOutcome[] = [];
      for (const { input } of items) {
        const createdAt = new Date();
        const c = eventColumns(input, 0);
        try {
          const result = await pool.query<{ seq: number }>(APPEND, [
            randomUUID(),
            c.exerciseId,
            c.type,
            c.actorUserId,
            c.actorRoleKey,
            c.visibility,
            c.channelId,
            c.audienceRoles,
            c.payload,
            c.idempotencyKey,
            utcTimestamp(createdAt),
          ]);
          const seq = result.rows[0]?.seq;
          if (seq === undefined) outcomes.push({ kind: "failed", error: new UnknownExerciseError(input.exerciseId) });
          else outcomes.push({ kind: "appended", event: loggedEvent(input, seq, createdAt, c.payload) });
        } catch (error) {
          const unique = typeof error === "object" && error !== null && "code" in error && error.code === "23505";
          outcomes.push(unique && input.idempotencyKey ? { kind: "duplicate" } : { kind: "failed", error });
        }
      }
      return outcomes;
    },
    async headsAfter(exerciseId, afterSeq, limit) {
      const result = await pool.query<HeadRow>(HEADS, [exerciseId, afterSeq, limit]);
      return result.rows.map((row) => ({ ...row, at: Math.round(row.at) }));
    },
    async close() {
      await pool.end();
    },
  };
}
