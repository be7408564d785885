// The course roster (NRPS) fills the lobby before anyone launches: every active learner
// gets a Parley account (found again at their own launch) and a seat without a role.
import type { ExerciseRepository } from "../storage/exercise.repository";
import { courseRoleOf, displayNameOf } from "./lti-claims";
import type { LtiPeople } from "./lti-people";
import type { LtiSeats } from "./lti-seats";
import type { createNrpsClient } from "./nrps.client";
import type { PlatformRepository } from "./platform.repository";
import type { ResourceLinks } from "./resource-links";
import { LtiServiceError } from "./service-token";

export interface RosterDeps {
  platforms: PlatformRepository;
  links: ResourceLinks;
  people: LtiPeople;
  seats: LtiSeats;
  exercises: ExerciseRepository;
  nrps: ReturnType<typeof createNrpsClient>;
}

/** Seats the course's active learners; throws LtiServiceError with a message for the facilitator. */
export async function prefillRoster(deps: RosterDeps, exerciseId: string): Promise<{ added: number; alreadySeated: number }> {
  const link = await deps.links.forExercise(exerciseId);
  const platform = link ? await deps.platforms.find(link.platformId) : null;
  if (!link || !platform) throw new LtiServiceError("This exercise is not placed in a course");
  if (!link.membershipsUrl)
    throw new LtiServiceError("The course does not share its roster with Parley (Names and Role Provisioning is off)");
  const exercise = await deps.exercises.find(exerciseId);
  if (!exercise || exercise.status === "ended") throw new LtiServiceError("This exercise has ended");
  const members = await deps.nrps.members(platform, link.membershipsUrl);
  let added = 0;
  let alreadySeated = 0;
  for (const member of members) {
    if (member.status.toLowerCase() !== "active" || courseRoleOf(member.roles) !== "learner") continue;
    const user = await deps.people.resolve({
      platformId: platform.id,
      subject: member.user_id,
      displayName: displayNameOf({ ...member, sub: member.user_id }),
      email: member.email,
      staff: false,
    });
    if (user.deactivated) continue;
    // Someone the facilitator removed is not seated again.
    const seat = await deps.seats.participant(exerciseId, user.id);
    if (seat === "seated") added++;
    else if (seat === "already") alreadySeated++;
  }
  return { added, alreadySeated };
}
