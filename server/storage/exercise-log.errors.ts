export class UnknownExerciseError extends Error {
  constructor(readonly exerciseId: string) {
    super(`No exercise with id ${exerciseId}`);
    this.name = "UnknownExerciseError";
  }
}
