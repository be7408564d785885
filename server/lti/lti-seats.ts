// Seats for people who arrive from a course: learners sit in the lobby without a role
// (they choose one there, as people who join with the code do); instructors facilitate.
// Someone the facilitator removed stays removed, however often they launch.
import type { Db } from "../db/client";

export type SeatOutcome = "seated" | "already" | "removed";

export function createLtiSeats(db: Db) {
  return {
    /** Whether the person sits in the exercise now, was removed, or never sat there. */
    async state(exerciseId: string, userId: string): Promise<"already" | "removed" | "none"> {
      const rows = await db.roleAssignment.findMany({ where: { exerciseId, userId }, select: { removedAt: true } });
      if (rows.some((r) => r.removedAt === null)) return "already";
      return rows.length > 0 ? "removed" : "none";
    },

    async participant(exerciseId: string, userId: string): Promise<SeatOutcome> {
      const now = await this.state(exerciseId, userId);
      if (now !== "none") return now;
      await db.roleAssignment.create({ data: { exerciseId, userId, seat: "participant" } });
      return "seated";
    },

    /** A course's instructor facilitates, unless a co-facilitator removed them from this exercise. */
    async facilitator(exerciseId: string, userId: string): Promise<SeatOutcome> {
      const now = await this.state(exerciseId, userId);
      if (now !== "none") return now;
      await db.roleAssignment.create({ data: { exerciseId, userId, seat: "facilitator" } });
      return "seated";
    },
  };
}
export type LtiSeats = ReturnType<typeof createLtiSeats>;
