// Seating: one use case gives a role (the facilitator to anyone, a participant to
// themselves in the lobby), and the facilitator removes, re-admits and adds observers.
// Each runs under the exercise lock and writes its assignment rows, its log event and
// its audit entry in one transaction, then changes the live roster at once, so what a
// person's open sockets receive follows their new seat from the next event on.
import { fail, ok, type Result } from "../../lib/contract/result";
import { decide, seatKindSchema, systemRoleSchema, type Actor } from "../domain/authorization";
import { applyOversight } from "../domain/oversight";
import { seatOf } from "../domain/visibility";
import type { Tx } from "../db/types";
import type { ExerciseRoom } from "./exercise-room";
import type { RoomCore, RoomDeps } from "./room-core";
import type { LoggedEvent } from "../domain/exercise-log";

import type { RosterEntry } from "../exercises/exercise.service";

export function createRoster(deps: RoomDeps, core: RoomCore) {
  const { db, delivery } = deps;

  /**
   * Runs a seating change under the lock; with a client key, a resend after a lost ack gets
   * `replay` of what was recorded (`task` receives the key for its commit).
   */
  async function underLock<T>(
    actor: Actor,
    exerciseId: string,
    clientKey: string | undefined,
    replay: (event: LoggedEvent) => Result<T> | Promise<Result<T>>,
    task: (r: ExerciseRoom, key: string | undefined) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    return core.command({ actor, exerciseId, clientKey, replay: (_r, event) => replay(event), run: task, seatsChange: true });
  }

  /** The facilitator's changes to one person; a resend answers with the person the first named. */
  async function managed(
    actor: Actor,
    exerciseId: string,
    clientKey: string | undefined,
    task: (r: ExerciseRoom, key: string | undefined) => Promise<Result<{ userId: string }>>,
  ): Promise<Result<{ userId: string }>> {
    if (!decide(actor, "exercise:manage").allowed) return fail("forbidden", "Only the facilitator manages the roster");
    const replay = (event: LoggedEvent): Result<{ userId: string }> =>
      event.type === "roster.removed" || event.type === "roster.readmitted" || event.type === "roster.observer-added"
        ? ok({ userId: event.payload.userId })
        : fail("conflict", "The request was recorded as another event");
    return underLock(actor, exerciseId, clientKey, replay, task);
  }

  const audit = (tx: Tx, exerciseId: string, actor: Actor, action: string, userId: string, detail: object) =>
    tx.auditEntry.create({ data: { exerciseId, actorUserId: actor.userId, action, target: userId, detail: JSON.stringify(detail) } });

  /** The person's seat as the live roster holds it, read from their active assignments. */
  async function liveSeatOf(exerciseId: string, userId: string) {
    const user = await db.user.findUnique({ where: { id: userId }, select: { systemRole: true } });
    const rows = await db.roleAssignment.findMany({ where: { exerciseId, userId, removedAt: null } });
    if (!user) return null;
    return seatOf({
      userId,
      systemRole: systemRoleSchema.parse(user.systemRole),
      seats: rows.map((s) => ({ seat: seatKindSchema.parse(s.seat), ...(s.roleKey ? { roleKey: s.roleKey } : {}) })),
    });
  }

  return {
    /** Gives a role: the facilitator to anyone seated as a participant, a participant to themselves (again and again) in the lobby. */
    async assignRole(
      actor: Actor,
      exerciseId: string,
      input: { userId?: string | undefined; roleKey: string; clientKey?: string | undefined },
    ): Promise<Result<RosterEntry & { roleKey: string }>> {
      const replay = async (event: LoggedEvent): Promise<Result<RosterEntry & { roleKey: string }>> => {
        if (event.type !== "role.assigned") return fail("conflict", "The request was recorded as another event");
        const user = await db.user.findUnique({ where: { id: event.payload.userId }, select: { displayName: true } });
        return ok({
          userId: event.payload.userId,
          displayName: user?.displayName ?? "",
          seat: "participant",
          roleKey: event.payload.roleKey,
        });
      };
      return underLock(actor, exerciseId, input.clientKey, replay, async (r, key) => {
        if (!r.scenario.roles.some((x) => x.key === input.roleKey))
          return fail("invalid_payload", `This scenario has no role "${input.roleKey}"`);
        const managing = decide(actor, "exercise:manage").allowed;
        const userId = input.userId ?? actor.userId;
        if (!managing) {
          const self = userId === actor.userId && actor.seats.some((s) => s.seat === "participant");
          if (!self) return fail("forbidden", "Only the facilitator can give roles to others");
          // A participant may choose, and change their mind, until the start; then the seat is the facilitator's to change.
          if (r.status !== "lobby") return fail("conflict", "The exercise has started: only the facilitator can change your role now");
        }
        // Read under the lock, not from the actor: a choice made a moment ago in another tab counts.
        const current = await db.roleAssignment.findFirst({
          where: { exerciseId, userId, seat: "participant", removedAt: null },
          include: { user: { select: { displayName: true } } },
        });
        if (!current) return fail("not_found", "That person has not joined this exercise");
        const answer = ok({ userId, displayName: current.user.displayName, seat: "participant", roleKey: input.roleKey });
        // Choosing the seat one already has changes nothing: no event, no re-join.
        if (!managing && current.roleKey === input.roleKey) return answer;
        const by = managing ? "facilitator" : "self";
        await core.commit(
          r,
          {
            exerciseId,
            type: "role.assigned",
            actor: { userId: actor.userId },
            visibility: { kind: "exercise" },
            payload: { userId, roleKey: input.roleKey, from: current.roleKey, by },
            ...(key ? { idempotencyKey: key } : {}),
          },
          async (tx) => {
            await tx.roleAssignment.update({ where: { id: current.id }, data: { removedAt: new Date() } });
            await tx.roleAssignment.create({ data: { exerciseId, userId, seat: "participant", roleKey: input.roleKey } });
            if (managing) await audit(tx, exerciseId, actor, "role.assigned", userId, { roleKey: input.roleKey, from: current.roleKey });
          },
          () => {
            const seat = r.roster.get(userId) ?? { staff: false, observer: false };
            r.seat(userId, { ...seat, roleKey: input.roleKey });
          },
        );
        delivery.seatChanged(exerciseId, userId);
        core.publishChannels(r, []);
        await core.publishRoster(r);
        return answer;
      });
    },

    async remove(actor: Actor, exerciseId: string, userId: string, clientKey?: string): Promise<Result<{ userId: string }>> {
      return managed(actor, exerciseId, clientKey, async (r, key) => {
        if (userId === actor.userId) return fail("conflict", "You cannot remove yourself");
        const seated = await db.roleAssignment.count({ where: { exerciseId, userId, removedAt: null } });
        if (seated === 0) return fail("not_found", "That person is not seated in this exercise");
        await core.commit(
          r,
          {
            exerciseId,
            type: "roster.removed",
            actor: { userId: actor.userId },
            visibility: { kind: "staff" },
            payload: { userId },
            ...(key ? { idempotencyKey: key } : {}),
          },
          async (tx) => {
            await tx.roleAssignment.updateMany({ where: { exerciseId, userId, removedAt: null }, data: { removedAt: new Date() } });
            await audit(tx, exerciseId, actor, "roster.removed", userId, { userId });
          },
          () => {
            r.seat(userId, null);
            applyOversight(r.overseers, { kind: "person-revoked", userId });
          },
        );
        delivery.removed(exerciseId, userId);
        await core.publishRoster(r);
        return ok({ userId });
      });
    },

    /** Gives a removed person their last seat (and role) back. */
    async readmit(actor: Actor, exerciseId: string, userId: string, clientKey?: string): Promise<Result<{ userId: string }>> {
      return managed(actor, exerciseId, clientKey, async (r, key) => {
        const active = await db.roleAssignment.count({ where: { exerciseId, userId, removedAt: null } });
        if (active > 0) return fail("conflict", "That person is already seated");
        // The seat the removal ended (a role given in the same millisecond as the join must win).
        const last = await db.roleAssignment.findFirst({
          where: { exerciseId, userId },
          orderBy: [{ removedAt: "desc" }, { assignedAt: "desc" }],
        });
        if (!last) return fail("not_found", "That person was never in this exercise");
        await core.commit(
          r,
          {
            exerciseId,
            type: "roster.readmitted",
            actor: { userId: actor.userId },
            visibility: { kind: "staff" },
            payload: { userId },
            ...(key ? { idempotencyKey: key } : {}),
          },
          async (tx) => {
            await tx.roleAssignment.create({ data: { exerciseId, userId, seat: last.seat, roleKey: last.roleKey } });
            await audit(tx, exerciseId, actor, "roster.readmitted", userId, { userId });
          },
          () => undefined,
        );
        const seat = await liveSeatOf(exerciseId, userId);
        if (seat) r.seat(userId, seat);
        await core.publishRoster(r);
        return ok({ userId });
      });
    },

    async addObserver(actor: Actor, exerciseId: string, email: string, clientKey?: string): Promise<Result<{ userId: string }>> {
      return managed(actor, exerciseId, clientKey, async (r, key) => {
        const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
        if (!user || (!user.passwordHash && user.systemRole === "participant")) return fail("not_found", "No account with that email");
        const seated = await db.roleAssignment.count({ where: { exerciseId, userId: user.id, seat: "observer", removedAt: null } });
        await core.commit(
          r,
          {
            exerciseId,
            type: "roster.observer-added",
            actor: { userId: actor.userId },
            visibility: { kind: "staff" },
            payload: { userId: user.id },
            ...(key ? { idempotencyKey: key } : {}),
          },
          async (tx) => {
            if (seated === 0) await tx.roleAssignment.create({ data: { exerciseId, userId: user.id, seat: "observer" } });
            await audit(tx, exerciseId, actor, "roster.observer-added", user.id, { userId: user.id });
          },
          () => undefined,
        );
        const seat = await liveSeatOf(exerciseId, user.id);
        if (seat) r.seat(user.id, seat);
        await core.publishRoster(r);
        return ok({ userId: user.id });
      });
    },
  };
}
export type Roster = ReturnType<typeof createRoster>;
