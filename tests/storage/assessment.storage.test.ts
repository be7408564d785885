import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/client";
import { createServices, type Services } from "../../server/services";
import { createAssessmentRepository, type AssessmentRepository } from "../../server/storage/assessment.repository";
import { openTestDatabase, providers } from "../helpers/databases";
import { seedExercise } from "../helpers/fixtures";

describe.each(providers)("assessments on %s", (provider) => {
  let db: Database;
  let services: Services;
  let repo: AssessmentRepository;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    services = createServices(db.prisma);
    repo = createAssessmentRepository(db.prisma);
  });
  afterAll(async () => {
    await db.close();
  });

  it("lands every one of many changes made at once to one assessment (each applies to the revision it read)", async () => {
    const { exercise, facilitator } = await seedExercise(services);
    const person = await services.users.create({ displayName: "Hana", systemRole: "participant" });
    const by = { roleKey: "host", assessorUserId: facilitator.id };
    const keys = Array.from({ length: 24 }, (_, i) => `criterion-${i}`);
    await Promise.all(
      keys.map((key, i) => repo.change(exercise.id, person.id, by, (current) => ({ scores: { ...(current?.scores ?? {}), [key]: i } }))),
    );
    const stored = await repo.of(exercise.id, person.id);
    expect(Object.keys(stored?.scores ?? {}).sort()).toEqual([...keys].sort());
    expect((await db.prisma.assessment.findFirstOrThrow({ where: { exerciseId: exercise.id, userId: person.id } })).revision).toBe(
      keys.length - 1,
    );
  });
});
