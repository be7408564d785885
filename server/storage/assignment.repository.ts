import type { Db } from "../db/client";
import type { RoleAssignment } from "../db/generated/sqlite/client";
import { seatKindSchema, type Seat, type SeatKind } from "../domain/authorization";

export interface AssignmentRepository {
  /** Active seats of a user in one exercise. */
  seatsOf(exerciseId: string, userId: string): Promise<Seat[]>;
  /** Seats the user (replacing an earlier active seat of the same kind). */
  assign(exerciseId: string, userId: string, seat: SeatKind, roleKey?: string): Promise<RoleAssignment>;
  listActive(exerciseId: string): Promise<(RoleAssignment & { user: { displayName: string } })[]>;
  /** People removed from the exercise and not re-admitted (their last seat). */
  listRemoved(exerciseId: string): Promise<{ userId: string; displayName: string; seat: string; roleKey: string | null }[]>;
}

export function createAssignmentRepository(db: Db): AssignmentRepository {
  return {
    async seatsOf(exerciseId, userId) {
      const rows = await db.roleAssignment.findMany({ where: { exerciseId, userId, removedAt: null } });
      return rows.map((r) => ({ seat: seatKindSchema.parse(r.seat), ...(r.roleKey ? { roleKey: r.roleKey } : {}) }));
    },
    assign(exerciseId, userId, seat, roleKey) {
      return db.$transaction(async (tx) => {
        await tx.roleAssignment.updateMany({
          where: { exerciseId, userId, seat, removedAt: null },
          data: { removedAt: new Date() },
        });
        return tx.roleAssignment.create({ data: { exerciseId, userId, seat, roleKey: roleKey ?? null } });
      });
    },
    async listRemoved(exerciseId) {
      const rows = await db.roleAssignment.findMany({
        where: { exerciseId, seat: { not: "facilitator" } },
        include: { user: { select: { displayName: true } } },
        // The seat each removal ended comes first (assignedAt alone ties within a millisecond).
        orderBy: [{ removedAt: { sort: "desc", nulls: "first" } }, { assignedAt: "desc" }],
      });
      const latest = new Map<string, (typeof rows)[number]>();
      for (const r of rows) if (!latest.has(r.userId)) latest.set(r.userId, r);
      return [...latest.values()]
        .filter((r) => r.removedAt !== null && !rows.some((x) => x.userId === r.userId && x.removedAt === null))
        .map((r) => ({ userId: r.userId, displayName: r.user.displayName, seat: r.seat, roleKey: r.roleKey }));
    },
    listActive(exerciseId) {
      return db.roleAssignment.findMany({
        where: { exerciseId, removedAt: null },
        include: { user: { select: { displayName: true } } },
        orderBy: { assignedAt: "asc" },
      });
    },
  };
}
