// Exercise use cases shared by API routes and pages: create from a scenario, open the
// lobby, and build what one viewer may see of an exercise. What changes the exercise's
// log runs as a live-room command (server/rooms/exercise-setup.service.ts), under the
// exercise lock, so it is published like every other event.
import { parseScenario } from "../../lib/scenario/parse-scenario";
import { decide, roleOf, type Actor } from "../domain/authorization";
import { scenarioViewFor, type ScenarioView } from "../domain/scenario-view";
import { exerciseStatusSchema, type ExerciseStatus } from "../domain/exercise-status";
import type { Services } from "../services";
import type { ExerciseSetup } from "../rooms/exercise-setup.service";
import type { Result } from "../../lib/contract/result";

export interface RosterEntry {
  userId: string;
  displayName: string;
  seat: string;
  roleKey: string | null;
}

export interface ExerciseView {
  id: string;
  title: string;
  status: ExerciseStatus;
  scenario: ScenarioView;
  /** The viewer's own role, if they play one. */
  roleKey?: string;
  /** Staff only. */
  joinCode?: string | null;
  roster?: RosterEntry[];
}

export function createExerciseService(services: Services, live: { setup: ExerciseSetup }) {
  async function loadScenario(scenarioId: string) {
    const row = await services.scenarios.find(scenarioId);
    return row ? { row, scenario: parseScenario(row.definition) } : null;
  }

  return {
    async create(actor: Actor, input: { scenarioId: string; title?: string }): Promise<Result<{ id: string }>> {
      const found = await loadScenario(input.scenarioId);
      if (!found) return { ok: false, code: "not_found", message: "No such scenario" };
      const exercise = await services.exercises.create({
        title: input.title?.trim() || found.scenario.title,
        scenarioId: found.row.id,
        createdById: actor.userId,
      });
      await services.assignments.assign(exercise.id, actor.userId, "facilitator");
      const created = await live.setup.created(actor, exercise.id, found.scenario, {
        slug: found.row.slug,
        contentHash: found.row.contentHash,
      });
      return created;
    },

    async openLobby(actor: Actor, exerciseId: string): Promise<Result<{ joinCode: string }>> {
      const exercise = await services.exercises.find(exerciseId);
      if (!exercise) return { ok: false, code: "not_found", message: "No such exercise" };
      const opened = await live.setup.openLobby(actor, exerciseId);
      return opened;
    },

    /** A new join code; the old one stops working (after removing someone, for instance). */
    async rotateJoinCode(actor: Actor, exerciseId: string): Promise<Result<{ joinCode: string }>> {
      const exercise = await services.exercises.find(exerciseId);
      if (!exercise) return { ok: false, code: "not_found", message: "No such exercise" };
      const rotated = await live.setup.rotateJoinCode(actor, exerciseId, Boolean(exercise.joinCode));
      return rotated;
    },

    async viewFor(actor: Actor, exerciseId: string): Promise<Result<ExerciseView>> {
      const exercise = await services.exercises.find(exerciseId);
      if (!exercise) return { ok: false, code: "not_found", message: "No such exercise" };
      if (!decide(actor, "exercise:view").allowed) return { ok: false, code: "forbidden", message: "You are not part of this exercise" };
      const found = await loadScenario(exercise.scenarioId);
      if (!found) return { ok: false, code: "not_found", message: "The exercise's scenario is missing" };
      const staff = decide(actor, "exercise:oversee").allowed;
      const roleKey = roleOf(actor);
      const base = {
        id: exercise.id,
        title: exercise.title,
        status: exerciseStatusSchema.parse(exercise.status),
        scenario: scenarioViewFor(found.scenario, staff ? { kind: "staff" } : { kind: "participant", ...(roleKey ? { roleKey } : {}) }),
        ...(roleKey ? { roleKey } : {}),
      };
      if (!staff) return { ok: true, data: base };
      const roster = (await services.assignments.listActive(exerciseId)).map((a) => ({
        userId: a.userId,
        displayName: a.user.displayName,
        seat: a.seat,
        roleKey: a.roleKey,
      }));
      return { ok: true, data: { ...base, joinCode: exercise.joinCode, roster } };
    },
  };
}
export type ExerciseService = ReturnType<typeof createExerciseService>;
