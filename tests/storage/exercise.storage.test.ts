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

// Several nodes share only PostgreSQL (two SQLite test files would be two databases).
describe("scenario versions on postgresql", () => {
  it("stores one row when several nodes save the same version at once", async () => {
    // Two clients, as two nodes starting together would have.
    const [a, b] = await Promise.all([openTestDatabase("postgresql"), openTestDatabase("postgresql")]);
    try {
      const nodes = [createServices(a.prisma), createServices(b.prisma)];
      for (let round = 0; round < 5; round++) {
        const slug = `race-${Date.now()}-${round}`;
        const record = { slug, contentHash: "h", title: "Race", source: "builtin" as const, definition: { slug } };
        const saved = await Promise.all([0, 1, 2, 3].map((i) => nodes[i % 2]!.scenarios.save(record)));
        expect(new Set(saved.map((s) => s.id)).size).toBe(1);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
