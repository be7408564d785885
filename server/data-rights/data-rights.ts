// The data-rights use cases (issue 19), built once from the database and the live rooms:
// deleting an exercise, erasing a person, exporting what Parley holds about a person.
import type { Db } from "../db/client";
import type { LiveRooms } from "../rooms/live-rooms";
import { createErasureRepository } from "../storage/erasure.repository";
import { createExerciseDeletionRepository } from "../storage/exercise-deletion.repository";
import { createPersonalDataRepository } from "../storage/personal-data.repository";
import { createErasure } from "./erasure.service";
import { createExerciseDeletion } from "./exercise-deletion.service";
import { createPersonalExport } from "./personal-export.service";

export function createDataRights(db: Db, live: LiveRooms) {
  const deletions = createExerciseDeletionRepository(db);
  return {
    deletion: createExerciseDeletion({ repository: deletions, live }),
    erasure: createErasure({ repository: createErasureRepository(db), live }),
    personalExport: createPersonalExport({ repository: createPersonalDataRepository(db) }),
    /** Ended exercises whose end is before `cutoff` (the retention period's candidates). */
    endedBefore: (cutoff: Date) => deletions.listEndedBefore(cutoff),
  };
}
export type DataRights = ReturnType<typeof createDataRights>;
