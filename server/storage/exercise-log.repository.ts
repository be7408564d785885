// Storage for the exercise log. Sequence numbers come from Exercise.lastSeq, incremented
// inside the appending transaction: the row lock serialises appends per exercise, and a
// rolled-back append rolls its number back too, so numbers are gap-free. Appends that
// arrive together share one transaction (group commit).
import type { Db } from "../db/client";
import type { Tx } from "../db/types";
import type { ExerciseEvent } from "../db/generated/sqlite/client";
import { isRecordNotFound, isUniqueViolation } from "../db/errors";
import { UnknownExerciseError } from "./exercise-log.errors";
import { eventColumns, type HeadRow as DirectHeadRow, type LogWriter } from "./log-writer";
import { z } from "zod";
import { logEventSchema } from "../../lib/contract/log-events";
import type { LoggedEvent, NewEvent } from "../domain/exercise-log";
import { visibilitySchema, type Viewer, type Visibility } from "../domain/viewer";
import { visibleTo } from "./visible-to";
import { createVisibleLog, type EventHead, type RawLogReads, type VisibleLog, type VisibleLogBudget } from "./visible-log";

export interface AppendResult {
  event: LoggedEvent;
  /** True when the idempotency key had been recorded before; nothing new was written. */
  duplicate: boolean;
}

/** Work done in the appending transaction once the event has its number (projections). */
export type Projection = (tx: Tx, event: LoggedEvent) => Promise<void>;

export interface ExerciseLogRepository {
  /**
   * Appends an event; `project` writes its projections in the same transaction (an event
   * without one, a message, goes through the direct writer when there is one).
   */
  append(event: NewEvent, project?: Projection): Promise<AppendResult>;
  /** Events with seq > afterSeq that the viewer may see (of one channel, when given), in order. */
  after(exerciseId: string, afterSeq: number, viewer: Viewer, limit?: number, channelId?: string): Promise<LoggedEvent[]>;
  /** The event recorded under a client's idempotency key, if any (a resend after a lost ack). */
  byKey(exerciseId: string, idempotencyKey: string): Promise<LoggedEvent | null>;
  lastSeq(exerciseId: string): Promise<number>;
  /** Whole-log reads for the debrief, each cut to a viewer (visible-log.ts). */
  visible: VisibleLog;
}

/** An event head as a raw query answers it. */
interface HeadRow {
  seq: number | bigint;
  type: string;
  createdAt: string | Date;
  visibility: string;
  channelId: string | null;
  audienceRoles: string | null;
}

export type { EventHead } from "./visible-log";

const READ_PAGE = 5000;
/** Heads are small: more of them a query. */
const HEADS_PAGE = 20_000;

export { UnknownExerciseError };

const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };
/** At most this many appends share one transaction. */
const MAX_BATCH = 64;

interface Pending {
  input: NewEvent;
  project?: Projection;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export interface LogOptions {
  /** The direct path for events without a Prisma projection (log-writer.ts). */
  writer?: LogWriter;
  /** How much of the log the debrief holds per process (visible-log.ts). */
  held?: VisibleLogBudget;
}

export function createExerciseLogRepository(db: Db, options: LogOptions = {}): ExerciseLogRepository {
  const { writer } = options;
  async function findByKey(exerciseId: string, idempotencyKey: string) {
    return db.exerciseEvent.findUnique({
      where: { exerciseId_idempotencyKey: { exerciseId, idempotencyKey } },
    });
  }

  /** Numbers the event under the exercise row's lock, stores it and runs its projection. */
  async function appendIn(tx: Tx, input: NewEvent, project?: Projection): Promise<LoggedEvent> {
    const counter = await tx.exercise
      .update({
        where: { id: input.exerciseId },
        data: { lastSeq: { increment: 1 } },
        select: { lastSeq: true },
      })
      .catch((error: unknown) => {
        throw isRecordNotFound(error) ? new UnknownExerciseError(input.exerciseId) : error;
      });
    // A repeated idempotency key fails the insert on its unique index (after a concurrent
    // twin has committed); appendAlone answers with the stored event.
    const row = await tx.exerciseEvent.create({ data: eventColumns(input, counter.lastSeq) });
    const event = fromRow(row);
    if (project) await project(tx, event);
    return event;
  }

  async function appendAlone(input: NewEvent, project?: Projection): Promise<AppendResult> {
    try {
      return { event: await db.$transaction((tx) => appendIn(tx, input, project), TX_OPTIONS), duplicate: false };
    } catch (error) {
      if (input.idempotencyKey && isUniqueViolation(error)) {
        const existing = await findByKey(input.exerciseId, input.idempotencyKey);
        if (existing) return { event: fromRow(existing), duplicate: true };
      }
      throw error;
    }
  }

  // Group commit: appends that arrive while a transaction is running are written together
  // in the next one, so under load one commit (and one fsync) serves many messages. Each
  // caller is still answered only after its event is committed. (A deliberate wait for more
  // appends was measured and did not pay: docs/performance.md.)
  const queue: Pending[] = [];
  let flushing = false;

  function schedule(): void {
    if (flushing || queue.length === 0) return;
    flushing = true;
    setImmediate(() => void flush());
  }

  /** The direct writer's answers; false when it could not write now (nothing written). */
  async function flushDirect(batch: Pending[]): Promise<boolean> {
    if (!writer || batch.some((item) => item.project)) return false;
    const outcomes = await writer.appendAll(batch.map((item) => ({ input: item.input })));
    if (!outcomes) return false;
    await Promise.all(
      batch.map(async (item, i) => {
        const outcome = outcomes[i]!;
        if (outcome.kind === "appended") return item.resolve({ event: outcome.event, duplicate: false });
        if (outcome.kind === "failed") return item.reject(outcome.error);
        const existing = await findByKey(item.input.exerciseId, item.input.idempotencyKey!).catch(() => null);
        if (existing) item.resolve({ event: fromRow(existing), duplicate: true });
        else item.reject(new Error(`append refused by a unique index other than its idempotency key (${item.input.type})`));
      }),
    );
    return true;
  }

  async function flush(): Promise<void> {
    // Same-exercise order is kept; across exercises, one order for every node's row locks.
    const batch = queue
      .splice(0, MAX_BATCH)
      .sort((a, b) => (a.input.exerciseId < b.input.exerciseId ? -1 : a.input.exerciseId > b.input.exerciseId ? 1 : 0));
    try {
      if (await flushDirect(batch).catch(() => false)) return;
      if (batch.length > 1) {
        try {
          const events = await db.$transaction(async (tx) => {
            const out: LoggedEvent[] = [];
            for (const item of batch) out.push(await appendIn(tx, item.input, item.project));
            return out;
          }, TX_OPTIONS);
          batch.forEach((item, i) => item.resolve({ event: events[i]!, duplicate: false }));
          return;
        } catch {
          // One bad append (a repeated key, a vanished exercise) undoes the whole batch:
          // write them one by one, so each gets its own answer.
        }
      }
      for (const item of batch) await appendAlone(item.input, item.project).then(item.resolve, item.reject);
    } finally {
      flushing = false;
      schedule();
    }
  }

  // The unfiltered reads: only visible-log.ts gets them, and cuts each to a viewer.
  const raw: RawLogReads = {
    async everyEventAfter(exerciseId, afterSeq) {
      const all: LoggedEvent[] = [];
      for (;;) {
        const rows = await db.exerciseEvent.findMany({
          where: { exerciseId, seq: { gt: all.at(-1)?.seq ?? afterSeq } },
          orderBy: { seq: "asc" },
          take: READ_PAGE,
        });
        for (const row of rows) all.push(fromRow(row));
        if (rows.length < READ_PAGE) return all;
      }
    },
    async headsAfter(exerciseId, afterSeq) {
      const heads: EventHead[] = [];
      // An exercise has a few dozen distinct visibilities and event types at most: one
      // object and one string each, shared by every head of this read that has it, instead
      // of one per head (heads are read, never changed; a debrief holds them: 60 bytes each).
      const visibilities = new Map<string, Visibility>();
      const types = new Map<string, string>();
      const head = (row: DirectHeadRow): EventHead => {
        const key = `${row.visibility}\u0000${row.channelId ?? ""}\u0000${row.audienceRoles ?? ""}`;
        let visibility = visibilities.get(key);
        if (!visibility) visibilities.set(key, (visibility = visibilityFromRow({ ...row, exerciseId })));
        let type = types.get(row.type);
        if (!type) types.set(row.type, (type = row.type));
        return { seq: row.seq, type, at: row.at, visibility };
      };
      // A 100,000-event debrief reads this many rows cold: through the driver when there is
      // a direct path (log-writer.ts), else one raw query (the same SQL on both providers;
      // SQLite answers the time as Prisma stored it, ISO text, PostgreSQL as a Date).
      for (;;) {
        const after = heads.at(-1)?.seq ?? afterSeq;
        const rows: DirectHeadRow[] = writer
          ? await writer.headsAfter(exerciseId, after, HEADS_PAGE)
          : (
              await db.$queryRaw<
                HeadRow[]
              >`SELECT "seq", "type", "createdAt", "visibility", "channelId", "audienceRoles" FROM "ExerciseEvent" WHERE "exerciseId" = ${exerciseId} AND "seq" > ${after} ORDER BY "seq" ASC LIMIT ${HEADS_PAGE}`
            ).map((row) => ({ ...row, seq: Number(row.seq), at: new Date(row.createdAt).getTime() }));
        for (const row of rows) heads.push(head(row));
        if (rows.length < HEADS_PAGE) return heads;
      }
    },

    async eventsAt(exerciseId, seqs) {
      const all: LoggedEvent[] = [];
      // A bounded IN list per query (SQLite's parameter limit).
      for (let i = 0; i < seqs.length; i += 500) {
        const rows = await db.exerciseEvent.findMany({
          where: { exerciseId, seq: { in: seqs.slice(i, i + 500) } },
          orderBy: { seq: "asc" },
        });
        for (const row of rows) all.push(fromRow(row));
      }
      return all.sort((a, b) => a.seq - b.seq);
    },
  };
  const visible = createVisibleLog(raw, options.held);

  return {
    append(input, project) {
      visibilitySchema.parse(input.visibility);
      return new Promise<AppendResult>((resolve, reject) => {
        queue.push({ input, ...(project ? { project } : {}), resolve, reject });
        schedule();
      });
    },

    async after(exerciseId, afterSeq, viewer, limit = 1000, channelId) {
      const rows = await db.exerciseEvent.findMany({
        where: { exerciseId, seq: { gt: afterSeq }, ...(channelId ? { visibility: "channel", channelId } : {}), AND: [visibleTo(viewer)] },
        orderBy: { seq: "asc" },
        take: limit,
      });
      return rows.map(fromRow);
    },

    async byKey(exerciseId, idempotencyKey) {
      const row = await findByKey(exerciseId, idempotencyKey);
      return row ? fromRow(row) : null;
    },

    async lastSeq(exerciseId) {
      const row = await db.exercise.findUnique({ where: { id: exerciseId }, select: { lastSeq: true } });
      if (!row) throw new UnknownExerciseError(exerciseId);
      return row.lastSeq;
    },

    visible,
  };
}

/** Type and payload are parsed with the log's vocabulary: a row that is not in it fails loudly, naming itself. */
function fromRow(row: ExerciseEvent): LoggedEvent {
  const which = `Exercise event ${row.exerciseId}#${row.seq} (${row.type})`;
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    throw new Error(`${which} has a payload that is not JSON`);
  }
  const parsed = logEventSchema.safeParse({ type: row.type, payload });
  if (!parsed.success) throw new Error(`${which} is not in the log's vocabulary: ${z.prettifyError(parsed.error)}`);
  return {
    ...parsed.data,
    exerciseId: row.exerciseId,
    seq: row.seq,
    actor: {
      ...(row.actorUserId ? { userId: row.actorUserId } : {}),
      ...(row.actorRoleKey ? { roleKey: row.actorRoleKey } : {}),
    },
    visibility: visibilityFromRow(row),
    ...(row.idempotencyKey ? { idempotencyKey: row.idempotencyKey } : {}),
    createdAt: row.createdAt,
  };
}

/** Rows were validated when written (append parses the visibility), so this only reshapes. */
function visibilityFromRow(row: Pick<ExerciseEvent, "exerciseId" | "seq" | "visibility" | "channelId" | "audienceRoles">): Visibility {
  switch (row.visibility) {
    case "channel":
      if (row.channelId) return { kind: "channel", channelId: row.channelId };
      break;
    case "roles":
      if (row.audienceRoles) return { kind: "roles", roles: row.audienceRoles.split("|").filter(Boolean) };
      break;
    case "exercise":
      return { kind: "exercise" };
    case "staff":
      return { kind: "staff" };
  }
  throw new Error(`Exercise event ${row.exerciseId}#${row.seq} has an unreadable visibility`);
}
