// The facilitator's roster as the console shows it: who is online, and what changed
// between two roster updates (for the screen-reader announcement). Type-only imports.
import type { PresenceDto, RosterDto, RosterPersonDto } from "../contract/events";

type Person = Pick<RosterPersonDto, "displayName" | "seat" | "roleKey">;

/** The group the server counts a person's sockets in (server/socket/room.handlers.ts, publishPresence). */
export function presenceGroup(person: Person): string {
  if (person.seat === "facilitator") return "staff";
  return person.roleKey ?? (person.seat === "observer" ? "observers" : "unassigned");
}

/** Presence names people within their group: two people of one name in one group look alike. */
export function isOnline(online: PresenceDto["online"], person: Person): boolean {
  return (online[presenceGroup(person)] ?? []).includes(person.displayName);
}

export type RosterChange =
  | { kind: "joined"; person: RosterPersonDto }
  | { kind: "role"; person: RosterPersonDto; from: string | null }
  | { kind: "removed"; person: RosterPersonDto }
  | { kind: "readmitted"; person: RosterPersonDto };

/** What happened between two rosters, in the newer roster's order; facilitators are left out. */
export function rosterChanges(before: RosterDto, after: RosterDto): RosterChange[] {
  const seated = new Map(before.people.map((p) => [p.userId, p]));
  const wasRemoved = new Set(before.removed.map((p) => p.userId));
  const changes: RosterChange[] = [];
  for (const person of after.people) {
    if (person.seat === "facilitator") continue;
    const earlier = seated.get(person.userId);
    if (!earlier) changes.push(wasRemoved.has(person.userId) ? { kind: "readmitted", person } : { kind: "joined", person });
    else if (earlier.roleKey !== person.roleKey) changes.push({ kind: "role", person, from: earlier.roleKey });
  }
  for (const person of after.removed) {
    if (seated.has(person.userId)) changes.push({ kind: "removed", person });
  }
  return changes;
}
