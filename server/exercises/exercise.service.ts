// Exercise use cases shared by API routes and pages: create from a scenario, open the
// lobby, and build what one viewer may see of an exercise. Giving roles is a live-room
// use case (server/rooms/roster.service.ts), under the exercise lock.
import { parseScenario } from "../../lib/scenario/parse-scenario";
import { decide, roleOf, type Actor } from "../domain/authorization";
import { scenarioViewFor, type ScenarioView } from "../domain/scenario-view";
import { exerciseStatusSchema, type ExerciseStatus } from "../domain/exercise-status";
import type { Services } from "../services";
import { newJoinCode } from "../auth/join-code";

export type ServiceResult<T> = { ok: true; data: T } | { ok: false; code: "not_found" | "forbidden" | "conflict" | "invalid_payload"; message: string };

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


export function createExerciseService(services: Services) {
  async function loadScenario(scenarioId: string) {
    const row = await services.scenarios.find(scenarioId);
    return row ? { row, scenario: parseScenario(row.definition) } : null;
  }

  return {
    async create(actor: Actor, input: { scenarioId: string; title?: string }): Promise<ServiceResult<{ id: string }>> {
      const found = await loadScenario(input.scenarioId);
      if (!found) return { ok: false, code: "not_found", message: "No such scenario" };
      const exercise = await services.exercises.create({
        title: input.title?.trim() || found.scenario.title,
        scenarioId: found.row.id,
        createdById: actor.userId,
      });
      await services.assignments.assign(exercise.id, actor.userId, "facilitator");
      const roles = found.scenario.roles;
      // The standing channels open with the exercise: plenary and announcements for every
      // role, and one team channel per delegation.
      await services.log.append(
        {
          exerciseId: exercise.id,
          type: "exercise.created",
          actor: { userId: actor.userId },
          visibility: { kind: "staff" },
          payload: { scenario: found.row.slug, contentHash: found.row.contentHash },
        },
        async (tx, event) => {
          const all = roles.map((r) => r.key);
          const plenary = await services.rooms.createChannel(tx, { exerciseId: exercise.id, kind: "plenary", name: "Plenary", seq: event.seq });
          await services.rooms.addMembers(tx, plenary, all, event.seq);
          const announcements = await services.rooms.createChannel(tx, { exerciseId: exercise.id, kind: "announcements", name: "Announcements", seq: event.seq });
          await services.rooms.addMembers(tx, announcements, all, event.seq);
          for (const role of roles) {
            const team = await services.rooms.createChannel(tx, { exerciseId: exercise.id, kind: "team", name: `${role.name} delegation`, roleKey: role.key, seq: event.seq });
            await services.rooms.addMembers(tx, team, [role.key], event.seq);
          }
        },
      );
      return { ok: true, data: { id: exercise.id } };
    },

    async openLobby(actor: Actor, exerciseId: string): Promise<ServiceResult<{ joinCode: string }>> {
      const exercise = await services.exercises.find(exerciseId);
      if (!exercise) return { ok: false, code: "not_found", message: "No such exercise" };
      if (exercise.status !== "draft") return { ok: false, code: "conflict", message: `The exercise is already ${exercise.status}` };
      await services.exercises.transition(exerciseId, "lobby");
      const joinCode = await services.exercises.setJoinCode(exerciseId, newJoinCode());
      await services.log.append({
        exerciseId,
        type: "exercise.lobby-opened",
        actor: { userId: actor.userId },
        visibility: { kind: "exercise" },
        payload: {},
      });
      return { ok: true, data: { joinCode } };
    },

    /** A new join code; the old one stops working (after removing someone, for instance). */
    async rotateJoinCode(actor: Actor, exerciseId: string): Promise<ServiceResult<{ joinCode: string }>> {
      const exercise = await services.exercises.find(exerciseId);
      if (!exercise) return { ok: false, code: "not_found", message: "No such exercise" };
      if (!exercise.joinCode || exercise.status === "ended") return { ok: false, code: "conflict", message: "The exercise has no open lobby" };
      const joinCode = await services.exercises.setJoinCode(exerciseId, newJoinCode());
      await services.log.append({ exerciseId, type: "exercise.join-code-rotated", actor: { userId: actor.userId }, visibility: { kind: "staff" }, payload: {} });
      return { ok: true, data: { joinCode } };
    },

    async viewFor(actor: Actor, exerciseId: string): Promise<ServiceResult<ExerciseView>> {
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
