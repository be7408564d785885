// Parley as an LTI 1.3 tool, built from the database and the address people use: platform
// registration, Parley's keys, OIDC login and launch, deep linking, grades (AGS) and the
// course roster (NRPS). One factory; the parts are in this folder.
import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import type { Db } from "../db/client";
import { systemRoleSchema, type Actor } from "../domain/authorization";
import type { Logger } from "../logger";
import type { AuditRepository } from "../storage/audit.repository";
import type { ExerciseRepository } from "../storage/exercise.repository";
import type { ScenarioRepository } from "../storage/scenario.repository";
import { createAgsClient } from "./ags.client";
import { createDeepLinks } from "./deep-link.service";
import { createGradeSync, type ScoreInput } from "./grade-sync.service";
import { createLaunches } from "./launch.service";
import { createLoginStates } from "./login-states";
import { createLtiKeys } from "./lti-keys";
import { createLtiPeople } from "./lti-people";
import { createLtiSeats } from "./lti-seats";
import { createNrpsClient } from "./nrps.client";
import { beginLogin } from "./oidc-login";
import { createPlatformAdmin } from "./platform-admin.service";
import { createPlatformRepository } from "./platform.repository";
import { toolConfiguration } from "./platform.schema";
import { createResourceLinks } from "./resource-links";
import { prefillRoster } from "./roster-prefill";
import { createServiceCalls } from "./service-token";

export interface LtiOptions {
  /** The address people use (PUBLIC_URL): every tool URL is built from it. */
  publicUrl: string;
  /** Encrypts the session cookie a launch sets (NEXTAUTH_SECRET). */
  sessionSecret: string;
  /** Platform endpoints must be https (except on this machine). Default: when Parley itself is served over https. */
  requireHttps?: boolean;
  now?: () => number;
  logger?: Logger;
}

export interface LtiDeps {
  db: Db;
  audit: AuditRepository;
  exercises: ExerciseRepository;
  scenarios: ScenarioRepository;
}

/** Without options (storage tests, tools): a local address and a throwaway session secret. */
export const defaultLtiOptions = (): LtiOptions => ({ publicUrl: "http://localhost:3000", sessionSecret: randomBytes(32).toString("hex") });

export function createLtiService(deps: LtiDeps, options: LtiOptions) {
  const { db, audit, exercises, scenarios } = deps;
  const { publicUrl } = options;
  const now = options.now ?? Date.now;
  const platforms = createPlatformRepository(db);
  const keys = createLtiKeys(db);
  const states = createLoginStates(db, now);
  const people = createLtiPeople(db);
  const seats = createLtiSeats(db);
  const links = createResourceLinks(db);
  const calls = createServiceCalls(keys, now);
  const ags = createAgsClient(calls);
  const nrps = createNrpsClient(calls);
  const keySets = new Map<string, JWTVerifyGetKey>();
  const keysAt = (jwksUrl: string): JWTVerifyGetKey => {
    let set = keySets.get(jwksUrl);
    if (!set) keySets.set(jwksUrl, (set = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 10_000 })));
    return set;
  };
  const actorOf = async (userId: string): Promise<Actor | null> => {
    const user = await db.user.findUnique({ where: { id: userId }, select: { systemRole: true, deactivatedAt: true, erasedAt: true } });
    if (!user || user.deactivatedAt || user.erasedAt) return null;
    return { userId, systemRole: systemRoleSchema.parse(user.systemRole), seats: [] };
  };
  const deepLinks = createDeepLinks({ keys, platforms, links, scenarios, audit, actorOf, publicUrl, now });
  const launches = createLaunches({
    platforms,
    states,
    keysAt,
    now,
    people,
    seats,
    links,
    exercises,
    deepLinks,
    audit,
    publicUrl,
    sessionSecret: options.sessionSecret,
  });
  const grades = createGradeSync({
    db,
    platforms,
    links,
    people,
    exercises,
    ags,
    now,
    ...(options.logger ? { logger: options.logger } : {}),
  });

  return {
    /** Administrators' registration of platforms. */
    platforms: createPlatformAdmin({ platforms, audit, requireHttps: options.requireHttps ?? publicUrl.startsWith("https://") }),
    /** What an LMS administrator copies into the platform. */
    configuration: () => toolConfiguration(publicUrl),
    jwks: () => keys.jwks(),
    login: (raw: unknown) => beginLogin({ platforms, states, publicUrl }, raw),
    launch: (raw: unknown) => launches.launch(raw),
    deepLinks,
    linkOf: (exerciseId: string) => grades.linkOf(exerciseId),
    postScore: (input: ScoreInput) => grades.postScore(input),
    gradeStatuses: (exerciseId: string) => grades.gradeStatuses(exerciseId),
    prefillRoster: (exerciseId: string) => prefillRoster({ platforms, links, people, seats, exercises, nrps }, exerciseId),
  };
}
export type LtiService = ReturnType<typeof createLtiService>;
