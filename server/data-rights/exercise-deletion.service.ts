// Deleting an exercise, by its facilitator or an admin (typed confirmation: its title) or
// by the retention period (the system). A running or paused exercise is ended first. The
// deletion runs under the exercise lock; the live room is unloaded and everyone in it is
// told, then disconnected, along with the participants whose identities went with it.
import { fail, ok, type Result } from "../../lib/contract/result";
import { decide, type Actor } from "../domain/authorization";
import { confirms, mayDelete } from "../domain/data-rights";
import { exerciseStatusSchema } from "../domain/exercise-status";
import type { LiveRooms } from "../rooms/live-rooms";
import type { DeletedCounts, ExerciseDeletionRepository } from "../storage/exercise-deletion.repository";

/** Who deletes: a person who typed the title, or the retention period. */
export type Deleter = { kind: "person"; actor: Actor; confirm: string } | { kind: "retention"; days: number };

export interface ExerciseDeletion {
  delete(exerciseId: string, by: Deleter): Promise<Result<{ deletedCounts: DeletedCounts }>>;
}

export function createExerciseDeletion(deps: {
  repository: ExerciseDeletionRepository;
  live: Pick<LiveRooms, "retire" | "delivery">;
}): ExerciseDeletion {
  const { repository, live } = deps;
  return {
    async delete(exerciseId, by) {
      if (by.kind === "person" && !decide(by.actor, "exercise:delete").allowed)
        return fail("forbidden", "Only the exercise's facilitator or an administrator may delete it");
      let participants: string[] = [];
      const result = await live.retire(exerciseId, async (): Promise<Result<{ deletedCounts: DeletedCounts }>> => {
        const exercise = await repository.find(exerciseId);
        if (!exercise) return fail("not_found", "No such exercise");
        if (by.kind === "person" && !confirms(by.confirm, [exercise.title])) {
          return fail("invalid_payload", "Type the exercise's title exactly to confirm; nothing was deleted");
        }
        if (!mayDelete(exerciseStatusSchema.parse(exercise.status))) return fail("conflict", "End the exercise before deleting it");
        participants = await repository.participantIds(exerciseId);
        const deletedCounts = await repository.deleteAll(exerciseId, {
          actorUserId: by.kind === "person" ? by.actor.userId : null,
          detail: {
            title: exercise.title,
            status: exercise.status,
            by: by.kind === "person" ? "person" : "retention",
            ...(by.kind === "retention" ? { retentionDays: by.days } : {}),
          },
        });
        return ok({ deletedCounts });
      });
      // Their identities are gone: sockets they still hold elsewhere close too.
      if (result.ok) for (const userId of participants) live.delivery.disconnect(userId);
      return result;
    },
  };
}
