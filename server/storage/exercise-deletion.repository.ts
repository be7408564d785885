// Deleting an exercise with everything of it, in one transaction, children first (an
// agreement's channel is not deleted by cascade), and the identities of the people who
// joined it by code. The audit entry that records the deletion is written in the same
// transaction and points at no exercise, so it outlives it.
import type { Db } from "../db/client";

export interface DeletedCounts {
  events: number;
  messages: number;
  channels: number;
  agreements: number;
  signatures: number;
  annotations: number;
  seats: number;
  auditEntries: number;
  participants: number;
}

export interface DeletionRecord {
  actorUserId: string | null;
  detail: Record<string, unknown>;
}

export interface ExerciseDeletionRepository {
  find(exerciseId: string): Promise<{ id: string; title: string; status: string } | null>;
  /** The participants bound to the exercise (their sockets are closed after the deletion). */
  participantIds(exerciseId: string): Promise<string[]>;
  deleteAll(exerciseId: string, record: DeletionRecord): Promise<DeletedCounts>;
  /** Ended exercises whose end (endedAt, else the log's last status change) is before `cutoff`. */
  listEndedBefore(cutoff: Date): Promise<string[]>;
}

const TX_OPTIONS = { maxWait: 15_000, timeout: 60_000 };

export function createExerciseDeletionRepository(db: Db): ExerciseDeletionRepository {
  const participants = (exerciseId: string) => ({ exerciseId, systemRole: "participant" });

  return {
    find(exerciseId) {
      return db.exercise.findUnique({ where: { id: exerciseId }, select: { id: true, title: true, status: true } });
    },

    async participantIds(exerciseId) {
      return (await db.user.findMany({ where: participants(exerciseId), select: { id: true } })).map((u) => u.id);
    },

    async deleteAll(exerciseId, record) {
      return db.$transaction(async (tx) => {
        const ofExercise = { exerciseId };
        const ofAgreements = { agreement: ofExercise };
        const signatures = await tx.signature.deleteMany({ where: { version: ofAgreements } });
        await tx.amendment.deleteMany({ where: ofAgreements });
        await tx.agreementVersion.deleteMany({ where: ofAgreements });
        const agreements = await tx.agreement.deleteMany({ where: ofExercise });
        // Messages are events of the log; counted before it goes.
        const messages = { count: await tx.exerciseEvent.count({ where: { ...ofExercise, type: "message.sent" } }) };
        const annotations = await tx.annotation.deleteMany({ where: ofExercise });
        const auditEntries = await tx.auditEntry.deleteMany({ where: ofExercise });
        const events = await tx.exerciseEvent.deleteMany({ where: ofExercise });
        const seats = await tx.roleAssignment.deleteMany({ where: ofExercise });
        await tx.channelMembership.deleteMany({ where: { channel: ofExercise } });
        await tx.backchannelInvite.deleteMany({ where: { channel: ofExercise } });
        const channels = await tx.channel.deleteMany({ where: ofExercise });
        await tx.exercise.delete({ where: { id: exerciseId } });
        // What they did elsewhere in Parley points at them: the audit keeps the entry, not the person.
        const people = (await tx.user.findMany({ where: participants(exerciseId), select: { id: true } })).map((u) => u.id);
        await tx.auditEntry.updateMany({ where: { actorUserId: { in: people } }, data: { actorUserId: null } });
        await tx.roleAssignment.deleteMany({ where: { userId: { in: people } } });
        const removed = await tx.user.deleteMany({ where: { id: { in: people } } });
        const counts: DeletedCounts = {
          events: events.count,
          messages: messages.count,
          channels: channels.count,
          agreements: agreements.count,
          signatures: signatures.count,
          annotations: annotations.count,
          seats: seats.count,
          auditEntries: auditEntries.count,
          participants: removed.count,
        };
        await tx.auditEntry.create({
          data: {
            exerciseId: null,
            actorUserId: record.actorUserId,
            action: "exercise.deleted",
            target: exerciseId,
            detail: JSON.stringify({ ...record.detail, deletedCounts: counts }),
          },
        });
        return counts;
      }, TX_OPTIONS);
    },

    async listEndedBefore(cutoff) {
      const ended = await db.exercise.findMany({ where: { status: "ended" }, select: { id: true, endedAt: true } });
      const due: string[] = [];
      for (const exercise of ended) {
        // Exercises ended from the console record the moment in their log, not in endedAt.
        const endedAt =
          exercise.endedAt ??
          (
            await db.exerciseEvent.findFirst({
              where: { exerciseId: exercise.id, type: "exercise.status" },
              orderBy: { seq: "desc" },
              select: { createdAt: true },
            })
          )?.createdAt;
        if (endedAt && endedAt < cutoff) due.push(exercise.id);
      }
      return due;
    },
  };
}
