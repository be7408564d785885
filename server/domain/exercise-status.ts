import type { ExerciseStatus } from "../../lib/contract/vocabulary";

export type { ExerciseStatus } from "../../lib/contract/vocabulary";
export { exerciseStatusSchema } from "../../lib/contract/vocabulary.schema";

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
