// Next bundles route handlers apart from the custom server, so a module imported by both
// exists twice. The server owns the one database client and publishes the services here,
// on a process-wide key, for route handlers and pages to reach explicitly.
import type { NextAuthOptions } from "next-auth";
import type { Database } from "./db/client";
import type { Logger } from "./logger";
import type { AppServices } from "./services";
import type { SessionService } from "./auth/session.service";
import type { SharedService } from "./http/health";

export interface AppContext {
  db: Database;
  logger: Logger;
  services: AppServices;
  sessions: SessionService;
  authOptions: NextAuthOptions;
  rolesDir: string;
  /** The socket server's live state, for routes that change what it caches. */
  live?: { refresh(exerciseId: string): Promise<void> };
  /** In a cluster: the shared Redis, for the health check. */
  cluster?: SharedService;
  /** Whether single sign-on is configured (the sign-in page offers it). */
  oidcName?: string;
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
