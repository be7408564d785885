// Erasing a person on request (admins; typed confirmation: their name or address). Their
// account's personal fields go, their sessions end, their sockets close; what others'
// records need (their messages in a log, signatures, seats) stays under a pseudonym.
import { fail, ok, type Result } from "../../lib/contract/result";
import { decide, type Actor } from "../domain/authorization";
import { confirms, pseudonymFor, pseudonymisedPayload, scrubJson } from "../domain/data-rights";
import type { LiveRooms } from "../rooms/live-rooms";
import type { ErasureRepository, ErasureSummary } from "../storage/erasure.repository";

export interface Erasure {
  erase(actor: Actor, userId: string, confirm: string): Promise<Result<{ pseudonym: string } & Omit<ErasureSummary, "exerciseIds">>>;
}

export function createErasure(deps: { repository: ErasureRepository; live: Pick<LiveRooms, "delivery" | "rosterChanged"> }): Erasure {
  const { repository, live } = deps;
  return {
    async erase(actor, userId, confirm) {
      if (!decide(actor, "person:erase").allowed) return fail("forbidden", "Only an administrator may erase a person");
      if (userId === actor.userId) return fail("conflict", "You cannot erase your own account; ask another administrator");
      const person = await repository.find(userId);
      if (!person) return fail("not_found", "No such person");
      if (person.erasedAt) return fail("conflict", "This person has already been erased");
      if (!confirms(confirm, [person.displayName, person.email]))
        return fail("invalid_payload", "Type the person's name or email exactly to confirm; nothing was erased");
      const pseudonym = pseudonymFor(person.id, person.systemRole);
      const summary = await repository.erase({
        person,
        pseudonym,
        rewrite: (event) => pseudonymisedPayload(event, pseudonym),
        scrub: (detail) => scrubJson(detail, { name: person.displayName, email: person.email }, pseudonym),
        actorUserId: actor.userId,
      });
      live.delivery.disconnect(userId);
      // Open consoles and lobbies show the pseudonym from now on.
      for (const exerciseId of summary.exerciseIds) await live.rosterChanged(exerciseId);
      const { exerciseIds: _seats, ...counts } = summary;
      return ok({ pseudonym, ...counts });
    },
  };
}
