// Next bundles route handlers apart from the custom server, so a module imported by both
// exists twice. The server owns the one database client and publishes the services here,
// on a process-wide key, for route handlers and pages to reach explicitly.
import type { NextAuthOptions } from "next-auth";
import type { Database } from "./db/client";
import type { Logger } from "./logger";
import type { Services } from "./services";
import type { JoinService } from "./auth/join.service";
import type { SessionService } from "./auth/session.service";
import type { ExerciseService } from "./exercises/exercise.service";
import type { ScenarioCatalog } from "./scenarios/scenario-catalog";
import type { ReplayService } from "./debrief/replay.service";
import type { AssessmentService } from "./assessment/assessment.service";
import type { LtiService } from "./lti/lti.service";
import type { SharedService } from "./http/health";
import type { LiveRooms } from "./rooms/live-rooms";
import type { DataRights } from "./data-rights/data-rights";
import type { Metrics } from "./ops/metrics";
import type { Lifecycle } from "./ops/lifecycle";
import type { AccountAdmin } from "./accounts/account-admin.service";
import type { AuditLog } from "./audit/audit-log.service";
import type { EffectWorker } from "./effects/effect-worker";

/** Services that need more than the database (built in server/compose.ts). Declared here,
 *  not beside `Services`, because these use cases themselves depend on `Services`. */
export interface AppServices extends Services {
  joins: JoinService;
  exerciseFlow: ExerciseService;
  catalog: ScenarioCatalog;
  replay: ReplayService;
  /** Rubric scores, evidence and feedback per person; released to them and to the LMS. */
  assessments: AssessmentService;
  /** Parley as an LTI 1.3 tool: launches, deep linking, grades and rosters (server/lti). */
  lti: LtiService;
  /** Deleting exercises, erasing people, exporting a person's data. */
  dataRights: DataRights;
  accounts: AccountAdmin;
  auditLog: AuditLog;
}

export interface AppContext {
  db: Database;
  logger: Logger;
  services: AppServices;
  sessions: SessionService;
  authOptions: NextAuthOptions;
  rolesDir: string;
  /** The address people use (join links are built from it). */
  publicUrl: string;
  /** Origins allowed to send state-changing requests (and open sockets). */
  origins: readonly string[];
  /** First run: the one-time token the setup page asks for (printed in the log at boot). */
  setupToken?: string;
  /** The live rooms: the socket server delivers what they publish; routes call their use cases. */
  live: LiveRooms;
  /** In a cluster: the shared Redis, for the health check. */
  cluster?: SharedService;
  /** Whether single sign-on is configured (the sign-in page offers it). */
  oidcName?: string;
  /** This process's Prometheus metrics (server/ops/metrics.ts). */
  metrics: Metrics;
  /** Starting, serving or draining: the entry file moves it; readiness reads it. */
  lifecycle: Lifecycle;
  /** The outbox's worker: enqueue effects in a transaction, wake() after its commit (server/effects). */
  effects: EffectWorker;
}

const KEY = Symbol.for("parley.app-context");
type Holder = { [KEY]?: AppContext };

export function setAppContext(context: AppContext | undefined): void {
  (globalThis as Holder)[KEY] = context;
}

export function getAppContext(): AppContext {
  const context = (globalThis as Holder)[KEY];
  if (!context) {
    throw new Error("Parley's server context is missing: start Parley with `npm start` or `npm run dev`, not `next` directly");
  }
  return context;
}
