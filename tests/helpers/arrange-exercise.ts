// Arranges an exercise straight in a database, for tests whose servers run as separate
// processes: a facilitator, one participant per given role, cookies for each, in the
// lobby at the given phase (the facilitator starts it over a socket).
import { join } from "node:path";
import { openDatabase } from "../../server/db/client";
import { composeApp } from "../../server/compose";
import { createLogger } from "../../server/logger";
import { syncBuiltinScenarios } from "../../server/scenarios/builtin-sync";
import { encodeSession, SESSION_COOKIE } from "../../server/auth/session-token";

const root = join(import.meta.dirname, "../..");

export interface ArrangedExercise {
  exerciseId: string;
  plenaryId: string;
  facilitatorCookie: string;
  people: { roleKey: string; cookie: string }[];
}

export async function arrangeExercise(databaseUrl: string, secret: string, roles: string[], phaseIndex = 0): Promise<ArrangedExercise> {
  const db = await openDatabase(databaseUrl);
  try {
    const app = composeApp({ db, logger: createLogger("silent"), secret, rolesDir: join(root, "roles") });
    const [scenario] = (await syncBuiltinScenarios(join(root, "roles"), app.services.scenarios)).filter(
      (s) => s.slug === "collapsing-ceasefire",
    );
    const tag = Math.random().toString(36).slice(2, 8);
    const facilitator = await app.services.users.create({ displayName: `F ${tag}`, systemRole: "facilitator" });
    const created = await app.services.exerciseFlow.create(
      { userId: facilitator.id, systemRole: "facilitator", seats: [{ seat: "facilitator" }] },
      { scenarioId: scenario!.id },
    );
    if (!created.ok) throw new Error(created.message);
    const exerciseId = created.data.id;
    await db.prisma.exercise.update({ where: { id: exerciseId }, data: { status: "lobby", phaseIndex } });
    const people = [];
    for (const roleKey of roles) {
      const user = await app.services.users.create({ displayName: roleKey, systemRole: "participant", exerciseId });
      await app.services.assignments.assign(exerciseId, user.id, "participant", roleKey);
      people.push({
        roleKey,
        cookie: `${SESSION_COOKIE}=${await encodeSession({ userId: user.id, name: roleKey, systemRole: "participant", exerciseId }, secret)}`,
      });
    }
    const plenaryId = (await db.prisma.channel.findFirstOrThrow({ where: { exerciseId, kind: "plenary" } })).id;
    const facilitatorCookie = `${SESSION_COOKIE}=${await encodeSession({ userId: facilitator.id, name: "F", systemRole: "facilitator" }, secret)}`;
    return { exerciseId, plenaryId, facilitatorCookie, people };
  } finally {
    await db.close();
  }
}
