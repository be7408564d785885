// Exercise use cases shared by API routes and pages: create from a scenario, open the
// lobby, seat people in roles, and build what one viewer may see of an exercise.
import { scenarioSchema, type Scenario } from "../../lib/scenario/scenario.schema";
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

export function parseScenario(definition: string): Scenario {
  return scenarioSchema.parse(JSON.parse(definition));
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

    /** A facilitator gives a role to someone, or a participant takes one in the lobby. */
    async assignRole(actor: Actor, exerciseId: string, input: { userId?: string; roleKey: string }): Promise<ServiceResult<RosterEntry>> {
      const exercise = await services.exercises.find(exerciseId);
      if (!exercise) return { ok: false, code: "not_found", message: "No such exercise" };
      const found = await loadScenario(exercise.scenarioId);
      if (!found?.scenario.roles.some((r) => r.key === input.roleKey)) {
        return { ok: false, code: "invalid_payload", message: `This scenario has no role "${input.roleKey}"` };
      }
      const managing = decide(actor, "exercise:manage").allowed;
      const targetId = input.userId ?? actor.userId;
      if (!managing) {
        const self = targetId === actor.userId && actor.seats.some((s) => s.seat === "participant");
        if (!self) return { ok: false, code: "forbidden", message: "Only the facilitator can give roles to others" };
        if (exercise.status !== "lobby") return { ok: false, code: "conflict", message: "Roles can be chosen only in the lobby" };
        if (roleOf(actor)) return { ok: false, code: "conflict", message: "You already have a role; ask the facilitator to change it" };
      }
      const target = (await services.assignments.listActive(exerciseId)).find((a) => a.userId === targetId && a.seat === "participant");
      if (!target) return { ok: false, code: "not_found", message: "That person has not joined this exercise" };
      await services.assignments.assign(exerciseId, targetId, "participant", input.roleKey);
      await services.log.append({
        exerciseId,
        type: "role.assigned",
        actor: { userId: actor.userId },
        visibility: { kind: "exercise" },
        payload: { userId: targetId, roleKey: input.roleKey },
      });
      return { ok: true, data: { userId: targetId, displayName: target.user.displayName, seat: "participant", roleKey: input.roleKey } };
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
