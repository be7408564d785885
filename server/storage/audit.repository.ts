// The audit trail: who did what to whom, kept apart from the exercise log. Written by the
// use cases that must be accountable (oversight, debrief full view, seats, accounts,
// sign-ins) and read, filtered, by the audit viewer.
import type { Db } from "../db/client";

export interface NewAuditEntry {
  action: string;
  actorUserId?: string | null;
  exerciseId?: string | null;
  target?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditFilter {
  /** Only these exercises (a facilitator's); undefined: all, account entries included. */
  withinExercises?: readonly string[];
  exerciseId?: string;
  /** Entries by this person or about them. */
  personId?: string;
  /** An action, or a family of them ("account." matches every account action). */
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Entries older than this one (paging, newest first). */
  before?: { createdAt: Date; id: string };
}

export type AuditRow = Awaited<ReturnType<AuditRepository["query"]>>[number];

export function createAuditRepository(db: Db) {
  return {
    async record(entry: NewAuditEntry, tx: Pick<Db, "auditEntry"> = db): Promise<void> {
      await tx.auditEntry.create({
        data: {
          action: entry.action,
          actorUserId: entry.actorUserId ?? null,
          exerciseId: entry.exerciseId ?? null,
          target: entry.target ?? null,
          detail: JSON.stringify(entry.detail ?? {}),
        },
      });
    },

    query(filter: AuditFilter) {
      const and = [
        filter.withinExercises ? { exerciseId: { in: [...filter.withinExercises] } } : {},
        filter.exerciseId ? { exerciseId: filter.exerciseId } : {},
        filter.personId ? { OR: [{ actorUserId: filter.personId }, { target: filter.personId }] } : {},
        filter.action ? (filter.action.endsWith(".") ? { action: { startsWith: filter.action } } : { action: filter.action }) : {},
        filter.from ? { createdAt: { gte: filter.from } } : {},
        filter.to ? { createdAt: { lte: filter.to } } : {},
        filter.before
          ? { OR: [{ createdAt: { lt: filter.before.createdAt } }, { createdAt: filter.before.createdAt, id: { lt: filter.before.id } }] }
          : {},
      ];
      return db.auditEntry.findMany({
        where: { AND: and },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: filter.limit,
        include: { actor: { select: { displayName: true, email: true } }, exercise: { select: { title: true } } },
      });
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
