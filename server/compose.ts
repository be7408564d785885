// Builds the services every transport shares from an open database. Used by the entry
// file and by tests, so both run the same wiring.
import type { AppContext } from "./app-context";
import { buildAuthOptions, type OidcSettings } from "./auth/auth-options";
import { createJoinService } from "./auth/join.service";
import type { RateLimiterFactory } from "./auth/rate-limit";
import { memoryJoinBackoff, type JoinBackoff } from "./auth/join-backoff";
import { createSessionService } from "./auth/session.service";
import type { Database } from "./db/client";
import type { Logger } from "./logger";
import { createServices } from "./services";
import { createExerciseService } from "./exercises/exercise.service";
import { createScenarioCatalog } from "./scenarios/scenario-catalog";
import { createReplayService } from "./debrief/replay.service";
import { createAssessmentService } from "./assessment/assessment.service";
import { createLtiService } from "./lti/lti.service";
import { ltiGrades } from "./lti/lti-grades";
import { createAssessmentRepository } from "./storage/assessment.repository";
import { createLiveRooms } from "./rooms/live-rooms";
import { createDataRights } from "./data-rights/data-rights";
import type { ExerciseLock } from "./scale/exercise-lock";
import { createSignInThrottle, type SignInThrottle } from "./auth/sign-in-throttle";
import { createMetrics, type Metrics } from "./ops/metrics";
import { meteredJoinBackoff, meteredLog, meteredSignIns } from "./ops/metered";
import { createLifecycle } from "./ops/lifecycle";
import { createAccountAdmin } from "./accounts/account-admin.service";
import { signInAuditor } from "./accounts/sign-in-audit";
import type { Mail, Mailer } from "./accounts/mailer";
import { createAuditLog } from "./audit/audit-log.service";
import { createEffectRepository } from "./storage/effect.repository";
import { createEffectWorker } from "./effects/effect-worker";

export interface ComposeOptions {
  db: Database;
  logger: Logger;
  secret: string;
  rolesDir: string;
  oidc?: OidcSettings;
  /** How wrong join codes slow their address down (default: in memory, DEFAULT_JOIN_BACKOFF). */
  joinBackoff?: JoinBackoff;
  /** People one join code admits per scenario role. */
  participantsPerRole?: number;
  /** Where counts live: memory (one node, the default) or Redis (a cluster). */
  rateLimiters?: RateLimiterFactory;
  /** Several nodes: password attempts counted in their shared Redis (default: in memory). */
  signInThrottle?: SignInThrottle;
  /** Several nodes: the exercise lock they share (with `rateLimiters` from the same Redis). */
  lock?: ExerciseLock;
  /** Messages one participant may send per 10 seconds (default 20). */
  messagesPer10s?: number;
  /** The live rooms' clock (tests move it forward). */
  now?: () => number;
  /** The address people use, and the origins allowed to change things (PUBLIC_URL first). */
  publicUrl?: string;
  origins?: readonly string[];
  /** Where this process records its metrics (default: a registry of its own, without process metrics). */
  metrics?: Metrics;
  /** Sends account links by email (SMTP_URL), through the outbox; without it they are only shown. */
  mailer?: Mailer;
}

export function composeApp(options: ComposeOptions): AppContext {
  const { db, logger, secret } = options;
  const metrics = options.metrics ?? createMetrics();
  const publicUrl = options.publicUrl ?? "http://localhost:3000";
  const stored = createServices(db.prisma, { writer: db.logWriter });
  const services = { ...stored, log: meteredLog(stored.log, metrics) };
  const sessions = createSessionService(db.prisma, secret);
  const effectRepository = createEffectRepository(db);
  const live = createLiveRooms({
    db: db.prisma,
    effects: effectRepository,
    services,
    logger,
    metrics,
    ...(options.now ? { now: options.now } : {}),
    ...(options.messagesPer10s ? { messagesPer10s: options.messagesPer10s } : {}),
    ...(options.lock && options.rateLimiters ? { cluster: { lock: options.lock, rateLimiters: options.rateLimiters } } : {}),
  });
  const joins = createJoinService(db.prisma, {
    backoff: meteredJoinBackoff(options.joinBackoff ?? memoryJoinBackoff(), metrics),
    ...(options.participantsPerRole ? { participantsPerRole: options.participantsPerRole } : {}),
    onAlarm: (exerciseId, alarm) => {
      logger.warn({ exerciseId, ...alarm }, "wrong join codes close to an exercise's code");
      live.delivery.joinAlarm(exerciseId, alarm);
    },
  });
  const authOptions = buildAuthOptions({
    db: db.prisma,
    secret,
    joins,
    sessions,
    logger,
    ...(options.oidc ? { oidc: options.oidc } : {}),
    signInThrottle: meteredSignIns(options.signInThrottle ?? createSignInThrottle(), metrics),
    // Sign-out ends the user's sockets too.
    onSignOut: (userId) => live.delivery.disconnect(userId),
    signInAudit: signInAuditor(db.prisma, services.audit),
  });
  // Effects after the commit (server/effects): built here, started by the entry file.
  const mailer = options.mailer;
  const effects = createEffectWorker({
    repository: effectRepository,
    handlers: {
      ...(mailer ? { "email.send": (mail: Mail) => mailer.send(mail) } : {}),
      // Releases what is due; the release schedules the next one.
      "injects.due": async ({ exerciseId }) => void (await live.run.releaseDue(exerciseId)),
    },
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  const accounts = createAccountAdmin({
    db: db.prisma,
    audit: services.audit,
    disconnect: (userId) => live.delivery.disconnect(userId),
    publicUrl,
    effects,
  });
  const lti = createLtiService(
    { db: db.prisma, audit: services.audit, exercises: services.exercises, scenarios: services.scenarios },
    { publicUrl, sessionSecret: secret, logger, ...(options.now ? { now: options.now } : {}) },
  );
  const replay = createReplayService(db.prisma, services, logger);
  const assessments = createAssessmentService({
    repo: createAssessmentRepository(db.prisma),
    audit: services.audit,
    replay,
    grades: ltiGrades(lti),
    now: options.now ?? Date.now,
  });
  return {
    db,
    logger,
    live,
    services: {
      ...services,
      joins,
      exerciseFlow: createExerciseService(services, live),
      catalog: createScenarioCatalog(services.scenarios, options.rolesDir),
      replay,
      assessments,
      lti,
      dataRights: createDataRights(db.prisma, live),
      accounts,
      auditLog: createAuditLog(db.prisma, services.audit),
    },
    sessions,
    authOptions,
    rolesDir: options.rolesDir,
    publicUrl,
    origins: options.origins ?? [publicUrl],
    ...(options.oidc ? { oidcName: options.oidc.name } : {}),
    metrics,
    lifecycle: createLifecycle(),
    effects,
  };
}
