// The facilitator's roster: seat people in roles, remove them (their sockets are closed
// and they cannot come back until re-admitted), re-admit them, and add observers.
import { fail, ok, type Result } from "../../lib/contract/result";
import { decide, type Actor } from "../domain/authorization";
import type { Db } from "../db/client";
import type { RoomCore } from "./room-core";

export interface RosterDeps {
  db: Db;
  /** Closes every socket of a user. */
  disconnectUser(userId: string): void;
  /** Tells a user's sockets their seat changed (they re-join to get the new view). */
  seatChanged(userId: string, exerciseId: string): void;
}

export function createRoster(deps: RosterDeps, core: RoomCore) {
  const { db } = deps;

  async function managed<T>(actor: Actor, exerciseId: string, task: () => Promise<Result<T>>): Promise<Result<T>> {
    if (!decide(actor, "exercise:manage").allowed) return fail("forbidden", "Only the facilitator manages the roster");
    const r = await core.room(exerciseId);
    if (!r) return fail("not_found", "No such exercise");
    return r.exclusive(async () => {
      try {
        return await task();
      } finally {
        r.seats.clear();
      }
    });
  }

  async function record(exerciseId: string, actor: Actor, type: string, payload: Record<string, unknown>) {
    const r = await core.room(exerciseId);
    if (!r) return;
    await core.commit(
      r,
      { exerciseId, type, actor: { userId: actor.userId }, visibility: { kind: "staff" }, payload },
      async (tx) => {
        await tx.auditEntry.create({ data: { exerciseId, actorUserId: actor.userId, action: type, target: String(payload.userId ?? ""), detail: JSON.stringify(payload) } });
      },
      () => undefined,
    );
  }

  return {
    async assign(actor: Actor, exerciseId: string, userId: string, roleKey: string): Promise<Result<{ userId: string; roleKey: string }>> {
      return managed(actor, exerciseId, async () => {
        const r = await core.room(exerciseId);
        if (!r?.scenario.roles.some((x) => x.key === roleKey)) return fail("invalid_payload", `There is no role "${roleKey}"`);
        const seat = await db.roleAssignment.findFirst({ where: { exerciseId, userId, seat: "participant", removedAt: null } });
        if (!seat) return fail("not_found", "That person is not seated in this exercise");
        await db.$transaction([
          db.roleAssignment.update({ where: { id: seat.id }, data: { removedAt: new Date() } }),
          db.roleAssignment.create({ data: { exerciseId, userId, seat: "participant", roleKey } }),
        ]);
        await record(exerciseId, actor, "roster.assigned", { userId, roleKey, from: seat.roleKey });
        deps.seatChanged(userId, exerciseId);
        return ok({ userId, roleKey });
      });
    },

    async remove(actor: Actor, exerciseId: string, userId: string): Promise<Result<{ userId: string }>> {
      return managed(actor, exerciseId, async () => {
        if (userId === actor.userId) return fail("conflict", "You cannot remove yourself");
        const { count } = await db.roleAssignment.updateMany({ where: { exerciseId, userId, removedAt: null }, data: { removedAt: new Date() } });
        if (count === 0) return fail("not_found", "That person is not seated in this exercise");
        await record(exerciseId, actor, "roster.removed", { userId });
        deps.disconnectUser(userId);
        return ok({ userId });
      });
    },

    /** Gives a removed person their last seat (and role) back. */
    async readmit(actor: Actor, exerciseId: string, userId: string): Promise<Result<{ userId: string }>> {
      return managed(actor, exerciseId, async () => {
        const active = await db.roleAssignment.count({ where: { exerciseId, userId, removedAt: null } });
        if (active > 0) return fail("conflict", "That person is already seated");
        const last = await db.roleAssignment.findFirst({ where: { exerciseId, userId }, orderBy: { assignedAt: "desc" } });
        if (!last) return fail("not_found", "That person was never in this exercise");
        await db.roleAssignment.create({ data: { exerciseId, userId, seat: last.seat, roleKey: last.roleKey } });
        await record(exerciseId, actor, "roster.readmitted", { userId });
        return ok({ userId });
      });
    },

    async addObserver(actor: Actor, exerciseId: string, email: string): Promise<Result<{ userId: string }>> {
      return managed(actor, exerciseId, async () => {
        const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
        if (!user || !user.passwordHash && user.systemRole === "participant") return fail("not_found", "No account with that email");
        const seated = await db.roleAssignment.count({ where: { exerciseId, userId: user.id, seat: "observer", removedAt: null } });
        if (seated === 0) await db.roleAssignment.create({ data: { exerciseId, userId: user.id, seat: "observer" } });
        await record(exerciseId, actor, "roster.observer-added", { userId: user.id });
        return ok({ userId: user.id });
      });
    },
  };
}
export type Roster = ReturnType<typeof createRoster>;
