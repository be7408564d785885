// The exercise statuses the interface has labels for (messages "exerciseStatus" and "room.status").
import { exerciseStatuses, type ExerciseStatus } from "@/lib/contract/vocabulary";

export const EXERCISE_STATUSES = exerciseStatuses;
export type ExerciseStatusLabel = ExerciseStatus;

export function isExerciseStatus(value: string): value is ExerciseStatusLabel {
  return (EXERCISE_STATUSES as readonly string[]).includes(value);
}
