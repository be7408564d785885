// A running cast for authorization tests: one exercise from a built-in scenario with a
// participant in every role, an observer, its facilitator and an admin, plus a second
// exercise with its own facilitator and participant.
import { join } from "node:path";
import { syncBuiltinScenarios } from "../../server/scenarios/builtin-sync";
import { parseScenario } from "../../lib/scenario/parse-scenario";
import type { Scenario } from "../../lib/scenario/scenario.schema";
import type { TestServer } from "./test-server";

export interface CastMember {
  label: string;
  userId: string | null;
  cookie: string | null;
  roleKey?: string;
}

export interface Cast {
  exerciseId: string;
  otherExerciseId: string;
  scenarioId: string;
  scenario: Scenario;
  members: CastMember[];
  byLabel(label: string): CastMember;
}

export async function seedCast(server: TestServer, slug = "collapsing-ceasefire"): Promise<Cast> {
  const { services } = server.context;
  const rows = await syncBuiltinScenarios(join(import.meta.dirname, "../../roles"), services.scenarios);
  const row = rows.find((r) => r.slug === slug);
  if (!row) throw new Error(`no built-in scenario ${slug}`);
  const scenario = parseScenario(row.definition);
  const tag = Math.random().toString(36).slice(2, 8);

  const staff = async (label: string, systemRole: "admin" | "facilitator") => {
    const user = await services.users.create({
      displayName: label,
      email: `${label.replace(/\W+/g, "-")}-${tag}@example.test`,
      systemRole,
    });
    return { user, member: { label, userId: user.id, cookie: await server.cookieFor(user) } };
  };
  const facilitator = await staff("facilitator", "facilitator");
  const otherFacilitator = await staff("facilitator of another exercise", "facilitator");
  const admin = await staff("admin", "admin");
  const observer = await staff("observer", "facilitator");

  const asActor = (userId: string, systemRole: "facilitator") => ({ userId, systemRole, seats: [{ seat: "facilitator" as const }] });
  const created = await services.exerciseFlow.create(asActor(facilitator.user.id, "facilitator"), { scenarioId: row.id });
  const other = await services.exerciseFlow.create(asActor(otherFacilitator.user.id, "facilitator"), { scenarioId: row.id });
  if (!created.ok || !other.ok) throw new Error("could not create exercises");
  const exerciseId = created.data.id;
  const otherExerciseId = other.data.id;
  const lobby = await services.exerciseFlow.openLobby(asActor(facilitator.user.id, "facilitator"), exerciseId);
  const otherLobby = await services.exerciseFlow.openLobby(asActor(otherFacilitator.user.id, "facilitator"), otherExerciseId);
  if (!lobby.ok || !otherLobby.ok) throw new Error("could not open lobbies");
  await services.assignments.assign(exerciseId, observer.user.id, "observer");

  const participant = async (label: string, code: string, exId: string, roleKey: string) => {
    const joined = await services.joins.join({ code, displayName: label }, `seed-${label}`);
    if (!joined.ok) throw new Error(`join failed: ${joined.message}`);
    await services.assignments.assign(exId, joined.user.id, "participant", roleKey);
    const cookie = await server.cookieFor({ id: joined.user.id, displayName: label, systemRole: "participant", exerciseId: exId });
    return { label, userId: joined.user.id, cookie, roleKey };
  };

  const members: CastMember[] = [{ label: "anonymous", userId: null, cookie: null }];
  members.push(await participant("participant of another exercise", otherLobby.data.joinCode, otherExerciseId, scenario.roles[0]!.key));
  for (const role of scenario.roles)
    members.push(await participant(`participant as ${role.key}`, lobby.data.joinCode, exerciseId, role.key));
  members.push(observer.member, otherFacilitator.member, facilitator.member, admin.member);

  return {
    exerciseId,
    otherExerciseId,
    scenarioId: row.id,
    scenario,
    members,
    byLabel(label) {
      const m = members.find((x) => x.label === label);
      if (!m) throw new Error(`no cast member ${label}`);
      return m;
    },
  };
}
