import { randomUUID } from "node:crypto";
import type { Services } from "../../server/services";

/** A facilitator, a scenario row and an exercise, all with unique names. */
export async function seedExercise(services: Services) {
  const tag = randomUUID().slice(0, 8);
  const facilitator = await services.users.create({
    displayName: `Facilitator ${tag}`,
    email: `facilitator-${tag}@example.test`,
    systemRole: "facilitator",
  });
  const scenario = await services.scenarios.save({
    slug: `test-${tag}`,
    contentHash: tag,
    title: `Test scenario ${tag}`,
    source: "upload",
    definition: { slug: `test-${tag}`, roles: [{ key: "host" }, { key: "mediator" }] },
  });
  const exercise = await services.exercises.create({
    title: `Exercise ${tag}`,
    scenarioId: scenario.id,
    createdById: facilitator.id,
  });
  return { facilitator, scenario, exercise };
}
