// The exercise statuses the interface has labels for (messages "exerciseStatus" and "room.status").
export const EXERCISE_STATUSES = ["draft", "lobby", "running", "paused", "ended"] as const;
export type ExerciseStatusLabel = (typeof EXERCISE_STATUSES)[number];

export function isExerciseStatus(value: string): value is ExerciseStatusLabel {
  return (EXERCISE_STATUSES as readonly string[]).includes(value);
}
