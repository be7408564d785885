// The facilitator's notes in the debrief, and the moments flagged as important (a flag is
// a note with `important`, whose text may be empty). Who reads a note is decided here, once,
// for the replay and every export built from it.
import type { AnnotationChange, AnnotationCreate } from "../../lib/replay/annotation.schema";
import type { Actor } from "../domain/authorization";
import type { Perspective } from "../domain/visibility";
import type { Db } from "../db/client";

export interface ReplayAnnotation {
  id: string;
  targetSeq: number | null;
  at: string | null;
  body: string;
  visibleToParticipants: boolean;
  /** Flagged as an important moment: the debrief lists these and can filter to them. */
  important: boolean;
  createdAt: string;
}

interface StoredNote {
  targetSeq: number | null;
  visibleToParticipants: boolean;
}

/**
 * Whether a perspective may read a note (or flag). A note pinned to an event comes only
 * with its event, for every reader, so it never reveals one (a backchannel the facilitator
 * has not opened, say). Beyond that the facilitator reads them all; anyone else only the
 * shared ones.
 */
export function mayRead(perspective: Perspective, note: StoredNote, visibleSeqs: ReadonlySet<number>): boolean {
  if (note.targetSeq !== null && !visibleSeqs.has(note.targetSeq)) return false;
  return perspective.kind === "facilitator" || note.visibleToParticipants;
}

export type AnnotationUpdate = "updated" | "removed" | "not_found";

export function createAnnotationService(db: Db) {
  return {
    async readableBy(exerciseId: string, perspective: Perspective, visibleSeqs: ReadonlySet<number>): Promise<ReplayAnnotation[]> {
      const rows = await db.annotation.findMany({ where: { exerciseId }, orderBy: { createdAt: "asc" } });
      return rows
        .filter((a) => mayRead(perspective, a, visibleSeqs))
        .map((a) => ({
          id: a.id,
          targetSeq: a.targetSeq,
          at: a.atTime?.toISOString() ?? null,
          body: a.body,
          visibleToParticipants: a.visibleToParticipants,
          important: a.important,
          createdAt: a.createdAt.toISOString(),
        }));
    },

    async create(actor: Actor, exerciseId: string, input: AnnotationCreate) {
      return db.annotation.create({
        data: {
          exerciseId,
          authorUserId: actor.userId,
          targetSeq: input.targetSeq ?? null,
          atTime: input.at ? new Date(input.at) : null,
          body: input.body,
          visibleToParticipants: input.visibleToParticipants,
          important: input.important,
        },
      });
    },

    /** A flag without text exists only as a flag: taking the flag off removes it. */
    async update(exerciseId: string, { annotationId, ...change }: AnnotationChange): Promise<AnnotationUpdate> {
      return db.$transaction(async (tx) => {
        const note = await tx.annotation.findFirst({ where: { id: annotationId, exerciseId }, select: { body: true } });
        if (!note) return "not_found";
        if (change.important === false && note.body === "") {
          await tx.annotation.deleteMany({ where: { id: annotationId, exerciseId } });
          return "removed";
        }
        await tx.annotation.updateMany({
          where: { id: annotationId, exerciseId },
          data: {
            ...(change.visibleToParticipants !== undefined ? { visibleToParticipants: change.visibleToParticipants } : {}),
            ...(change.important !== undefined ? { important: change.important } : {}),
          },
        });
        return "updated";
      });
    },
  };
}
export type AnnotationService = ReturnType<typeof createAnnotationService>;
