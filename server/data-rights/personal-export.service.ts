// Everything Parley holds about one person, as JSON: for themselves (any signed-in
// account or participant) and, for anyone, an administrator.
import { fail, ok, type Result } from "../../lib/contract/result";
import { decide, type Actor } from "../domain/authorization";
import type { PersonalData, PersonalDataRepository } from "../storage/personal-data.repository";

export interface PersonalExport {
  export(actor: Actor, userId: string): Promise<Result<PersonalData & { exportedAt: string; format: "parley-personal-data/1" }>>;
}

export function createPersonalExport(deps: { repository: PersonalDataRepository; now?: () => number }): PersonalExport {
  const now = deps.now ?? Date.now;
  return {
    async export(actor, userId) {
      if (userId !== actor.userId && !decide(actor, "person:export").allowed)
        return fail("forbidden", "Only an administrator may export another person's data");
      const data = await deps.repository.collect(userId);
      if (!data) return fail("not_found", "No such person");
      await deps.repository.recordExport(actor.userId, userId);
      return ok({ format: "parley-personal-data/1", exportedAt: new Date(now()).toISOString(), ...data });
    },
  };
}
