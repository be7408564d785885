import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { createServices, type Services } from "../../server/services";
import { InvalidTransitionError } from "../../server/storage/exercise.repository";
import { openTestDatabase, providers } from "../helpers/databases";
import { seedExercise } from "../helpers/fixtures";

describe.each(providers)("exercises on %s", (provider) => {
  let db: Database;
  let services: Services;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    services = createServices(db.prisma);
  });
  afterAll(async () => {
    await db.close();
  });

  it("walks draft → lobby → running ⇄ paused → ended and stamps start and end", async () => {
    const { exercise } = await seedExercise(services);
    expect(exercise.status).toBe("draft");
    await services.exercises.transition(exercise.id, "lobby");
    const running = await services.exercises.transition(exercise.id, "running");
    expect(running.startedAt).toBeInstanceOf(Date);
    await services.exercises.transition(exercise.id, "paused");
    await services.exercises.transition(exercise.id, "running");
    const ended = await services.exercises.transition(exercise.id, "ended");
    expect(ended).toMatchObject({ status: "ended", startedAt: running.startedAt });
    expect(ended.endedAt).toBeInstanceOf(Date);
  });

  it("refuses a transition the lifecycle does not allow and changes nothing", async () => {
    const { exercise } = await seedExercise(services);
    await expect(services.exercises.transition(exercise.id, "running")).rejects.toBeInstanceOf(InvalidTransitionError);
    expect((await services.exercises.find(exercise.id))?.status).toBe("draft");
  });

  it("stores one scenario row per slug and content hash", async () => {
    const record = { slug: "dup-check", contentHash: `h-${provider}`, title: "T", source: "builtin" as const, definition: { a: 1 } };
    const first = await services.scenarios.save(record);
    const second = await services.scenarios.save(record);
    expect(second.id).toBe(first.id);
  });
});
