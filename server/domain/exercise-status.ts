import { z } from "zod";

export const exerciseStatusSchema = z.enum(["draft", "lobby", "running", "paused", "ended"]);
export type ExerciseStatus = z.infer<typeof exerciseStatusSchema>;

const transitions: Record<ExerciseStatus, readonly ExerciseStatus[]> = {
  draft: ["lobby"],
  lobby: ["running"],
  running: ["paused", "ended"],
  paused: ["running", "ended"],
  ended: [],
};

export function canTransition(from: ExerciseStatus, to: ExerciseStatus): boolean {
  return transitions[from].includes(to);
}
