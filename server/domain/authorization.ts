// The one place that decides "may actor A do action X on exercise E". Route handlers and
// socket handlers both ask here; neither trusts a role or id sent by a client.
import { z } from "zod";

/** Accounts are admins, facilitators or observers (seated to watch); participants join by code. */
export const systemRoleSchema = z.enum(["admin", "facilitator", "observer", "participant"]);
/** The roles an administrator gives accounts. */
export const accountRoleSchema = z.enum(["admin", "facilitator", "observer"]);
export type AccountRole = z.infer<typeof accountRoleSchema>;
export type SystemRole = z.infer<typeof systemRoleSchema>;

export const seatKindSchema = z.enum(["facilitator", "participant", "observer"]);
export type SeatKind = z.infer<typeof seatKindSchema>;

export interface Seat {
  seat: SeatKind;
  /** The scenario role a participant plays (absent until one is given). */
  roleKey?: string;
}

export interface Actor {
  userId: string;
  systemRole: SystemRole;
  /** Active seats in the exercise the action is about (empty for global actions). */
  seats: readonly Seat[];
}

export const actions = [
  "system:ping",
  "exercise:create",
  "exercise:list-own",
  "scenario:browse",
  "scenario:upload",
  "scenario:read-all-briefs",
  "exercise:view",
  "exercise:manage",
  "exercise:read-own-brief",
  "exercise:oversee",
  "message:send",
  "accounts:manage",
  "audit:read",
  "exercise:delete",
  "person:erase",
  "person:export",
  "lti:manage",
] as const;
export type Action = (typeof actions)[number];

export type Decision = { allowed: true } | { allowed: false; code: "unauthenticated" | "forbidden" };

const ALLOW: Decision = { allowed: true };
const FORBID: Decision = { allowed: false, code: "forbidden" };

const isStaff = (a: Actor) => a.systemRole === "admin" || a.systemRole === "facilitator";
/**
 * The seats that count: what a seat allows AND what the account's role allows now. A
 * facilitator seat counts only for a facilitator or admin account, so an account demoted
 * to observer keeps no power (and no view) from the exercises it ran.
 */
export function seatsAllowed(a: Actor): readonly Seat[] {
  return isStaff(a) ? a.seats : a.seats.filter((s) => s.seat !== "facilitator");
}
const hasSeat = (a: Actor, kind: SeatKind) => seatsAllowed(a).some((s) => s.seat === kind);
const playsRole = (a: Actor) => seatsAllowed(a).some((s) => s.seat === "participant" && s.roleKey !== undefined);
/** Admins may act on any exercise; a facilitator only on exercises they hold a seat in. */
const runsExercise = (a: Actor) => a.systemRole === "admin" || hasSeat(a, "facilitator");

export function decide(actor: Actor | null, action: Action): Decision {
  if (!actor) return { allowed: false, code: "unauthenticated" };
  const yes = (condition: boolean): Decision => (condition ? ALLOW : FORBID);
  switch (action) {
    case "system:ping":
      return ALLOW;
    case "exercise:create":
    case "exercise:list-own":
    case "scenario:browse":
    case "scenario:upload":
    case "scenario:read-all-briefs":
      return yes(isStaff(actor));
    case "exercise:view":
      return yes(runsExercise(actor) || seatsAllowed(actor).length > 0);
    case "exercise:manage":
    case "exercise:oversee":
      return yes(runsExercise(actor));
    case "exercise:read-own-brief":
    case "message:send":
      return yes(playsRole(actor));
    case "accounts:manage":
      return yes(actor.systemRole === "admin");
    case "audit:read":
      // Admins read all of it; a facilitator the entries of exercises they run (filtered by the reader).
      return yes(isStaff(actor));
    case "exercise:delete":
      return yes(runsExercise(actor));
    // Anyone exports their own data; another person's, only an admin.
    case "person:erase":
    case "person:export":
      return yes(actor.systemRole === "admin");
    // Registering an LMS decides whose launches Parley trusts.
    case "lti:manage":
      return yes(actor.systemRole === "admin");
  }
}

/** The role a participant plays in the exercise, if any. */
export function roleOf(actor: Actor): string | undefined {
  return seatsAllowed(actor).find((s) => s.seat === "participant" && s.roleKey !== undefined)?.roleKey;
}
