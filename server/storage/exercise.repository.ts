import type { Db } from "../db/client";
import type { Exercise } from "../db/generated/sqlite/client";
import { canTransition, exerciseStatusSchema, type ExerciseStatus } from "../domain/exercise-status";

export interface NewExercise {
  title: string;
  scenarioId: string;
  createdById: string;
}

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: ExerciseStatus,
    readonly to: ExerciseStatus,
  ) {
    super(`An exercise cannot go from ${from} to ${to}`);
    this.name = "InvalidTransitionError";
  }
}

export interface ExerciseRepository {
  create(input: NewExercise): Promise<Exercise>;
  find(id: string): Promise<Exercise | null>;
  /** Moves the status on if the state machine allows it; compare-and-set on the old status. */
  transition(id: string, to: ExerciseStatus): Promise<Exercise>;
  listCreatedBy(userId: string): Promise<Exercise[]>;
  /** Exercises where the user holds an active facilitator seat (admins: all). */
  listRunBy(userId: string, all: boolean): Promise<Exercise[]>;
  /** Exercises an account is seated in as an observer. */
  listObservedBy(userId: string): Promise<Exercise[]>;
  setJoinCode(id: string, code: string): Promise<string>;
}

export function createExerciseRepository(db: Db): ExerciseRepository {
  return {
    create(input) {
      return db.exercise.create({ data: { ...input, status: "draft" } });
    },
    find(id) {
      return db.exercise.findUnique({ where: { id } });
    },
    async transition(id, to) {
      const current = await db.exercise.findUniqueOrThrow({ where: { id } });
      const from = exerciseStatusSchema.parse(current.status);
      if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
      const stamps = to === "running" && !current.startedAt ? { startedAt: new Date() } : to === "ended" ? { endedAt: new Date() } : {};
      const { count } = await db.exercise.updateMany({ where: { id, status: from }, data: { status: to, ...stamps } });
      // Someone else moved it first: report against the status they left.
      if (count === 0) return this.transition(id, to);
      return db.exercise.findUniqueOrThrow({ where: { id } });
    },
    listRunBy(userId, all) {
      return db.exercise.findMany({
        where: all ? {} : { assignments: { some: { userId, seat: "facilitator", removedAt: null } } },
        orderBy: { createdAt: "desc" },
      });
    },
    listObservedBy(userId) {
      return db.exercise.findMany({
        where: { assignments: { some: { userId, seat: "observer", removedAt: null } } },
        orderBy: { createdAt: "desc" },
      });
    },
    async setJoinCode(id, code) {
      await db.exercise.update({ where: { id }, data: { joinCode: code } });
      return code;
    },
    listCreatedBy(userId) {
      return db.exercise.findMany({ where: { createdById: userId }, orderBy: { createdAt: "desc" } });
    },
  };
}
