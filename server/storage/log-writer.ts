// The hot path of the exercise log: appending an event straight through the database
// driver, in SQL written against the tables Prisma's migrations create. Prisma's client
// costs about 0.4 ms of CPU per statement here; an append needs two (the counter, the
// event), and that alone capped a node well below the traffic of a large course
// (docs/performance.md). Everything else stays on Prisma, but for the debrief's one bulk
// read (`headsAfter`). tests/storage/exercise-log.storage.test.ts runs the log both ways on
// both databases, and reads what the writer stored through Prisma.
import type { LoggedEvent, NewEvent } from "../domain/exercise-log";

export interface DirectAppend {
  input: NewEvent;
}

export type DirectOutcome =
  | { kind: "appended"; event: LoggedEvent }
  /** The idempotency key was recorded before; nothing was written (read the stored one). */
  | { kind: "duplicate" }
  | { kind: "failed"; error: unknown };

/** An event's head as the direct path reads it: its time already as epoch milliseconds. */
export interface HeadRow {
  seq: number;
  type: string;
  at: number;
  visibility: string;
  channelId: string | null;
  audienceRoles: string | null;
}

export interface LogWriter {
  /**
   * Appends each item in order, each atomically, answering each on its own. Null: the database is busy with a
   * write of Prisma's; nothing was written, use the Prisma path.
   */
  appendAll(items: DirectAppend[]): Promise<DirectOutcome[] | null>;
  /**
   * The heads of up to `limit` events after `afterSeq`, in order: the debrief's one bulk
   * read (every event of a 100,000-event log), which Prisma's row mapping would double.
   */
  headsAfter(exerciseId: string, afterSeq: number, limit: number): Promise<HeadRow[]>;
  close(): Promise<void>;
}

/** The columns of an ExerciseEvent row (but its id), for Prisma and the direct writers alike. */
export function eventColumns(input: NewEvent, seq: number) {
  const v = input.visibility;
  return {
    exerciseId: input.exerciseId,
    seq,
    type: input.type,
    actorUserId: input.actor.userId ?? null,
    actorRoleKey: input.actor.roleKey ?? null,
    visibility: v.kind,
    channelId: v.kind === "channel" ? v.channelId : null,
    audienceRoles: v.kind === "roles" ? `|${v.roles.join("|")}|` : null,
    payload: JSON.stringify(input.payload ?? null),
    idempotencyKey: input.idempotencyKey ?? null,
  };
}

/**
 * The event as stored: `payloadJson` is the stored payload column, read back as replay reads it.
 * It is not parsed again: producers are typed, and the write path stays cheap.
 */
export function loggedEvent(input: NewEvent, seq: number, createdAt: Date, payloadJson: string): LoggedEvent {
  return {
    ...input,
    seq,
    actor: {
      ...(input.actor.userId ? { userId: input.actor.userId } : {}),
      ...(input.actor.roleKey ? { roleKey: input.actor.roleKey } : {}),
    },
    // The input's own type with its payload as JSON gives it back (undefined fields dropped).
    payload: JSON.parse(payloadJson),
    createdAt,
  };
}
