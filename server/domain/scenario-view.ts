// What of a scenario a viewer may read. Participants get the public parts and their own
// role's confidential brief, never another role's; staff get everything.
import type { Scenario, ScenarioRole } from "../../lib/scenario/scenario.schema";

export interface PublicRole {
  key: string;
  name: string;
  profile: string;
  permissions: string[];
}

export interface ConfidentialBrief {
  roleKey: string;
  name: string;
  brief: string;
  objectives: ScenarioRole["objectives"];
  redLines: string[];
  fallback: string;
}

export interface ScenarioView {
  slug: string;
  title: string;
  summary: string;
  language: string;
  background: string;
  roles: PublicRole[];
  phases: Scenario["phases"];
  agreementTitle: string;
  signatories: string[];
  /** Present for a participant with a role: theirs alone. */
  ownBrief?: ConfidentialBrief;
  /** Present for staff only: every role's brief. */
  allBriefs?: ConfidentialBrief[];
  /** Staff only: the scenario's injects (texts for chosen roles are confidential). */
  injects?: Scenario["injects"];
}

export type ScenarioViewer = { kind: "staff" } | { kind: "participant"; roleKey?: string };

function briefOf(role: ScenarioRole): ConfidentialBrief {
  return {
    roleKey: role.key,
    name: role.name,
    brief: role.brief,
    objectives: role.objectives,
    redLines: role.redLines,
    fallback: role.fallback,
  };
}

export function scenarioViewFor(scenario: Scenario, viewer: ScenarioViewer): ScenarioView {
  const base: ScenarioView = {
    slug: scenario.slug,
    title: scenario.title,
    summary: scenario.summary,
    language: scenario.language,
    background: scenario.background,
    roles: scenario.roles.map((r) => ({ key: r.key, name: r.name, profile: r.profile, permissions: r.permissions })),
    signatories: scenario.agreement.signatories,
    phases: scenario.phases,
    agreementTitle: scenario.agreement.title,
  };
  if (viewer.kind === "staff") return { ...base, allBriefs: scenario.roles.map(briefOf), injects: scenario.injects };
  const own = viewer.roleKey ? scenario.roles.find((r) => r.key === viewer.roleKey) : undefined;
  return own ? { ...base, ownBrief: briefOf(own) } : base;
}
