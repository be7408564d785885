// The rules of deleting an exercise and erasing a person (issue 19, docs/deploy.md "Data
// protection"): which exercises may be deleted, what a typed confirmation must say, the
// pseudonym an erased person leaves in others' records, and which log payloads carry a
// person's name. Plain TypeScript: storage and transport call it.
import { createHash } from "node:crypto";
import { z } from "zod";
import { assertNever, type LogEvent } from "../../lib/contract/log-events";
import type { ExerciseStatus } from "./exercise-status";

/** The body every destructive data-rights request carries: what the person typed to confirm. */
export const confirmationSchema = z.object({ confirm: z.string().max(500) });

/** A running or paused exercise has people in it: it is ended first, then deleted. */
export function mayDelete(status: ExerciseStatus): boolean {
  return status !== "running" && status !== "paused";
}

const normalised = (text: string) => text.normalize("NFC").trim().replace(/\s+/g, " ");

/** Whether the typed confirmation names one of the accepted texts (spacing and, for addresses, case aside). */
export function confirms(typed: string, accepted: readonly (string | null | undefined)[]): boolean {
  const given = normalised(typed);
  if (!given) return false;
  return accepted.some((text) => {
    if (!text) return false;
    const want = normalised(text);
    return want.includes("@") ? want.toLowerCase() === given.toLowerCase() : want === given;
  });
}

/**
 * The name an erased person leaves behind: stable for one person, the same on every node,
 * and derived from the id only (which stays in the database), so it reveals nothing of
 * the name or address it replaces.
 */
export function pseudonymFor(userId: string, systemRole: string): string {
  const tag = createHash("sha256").update(`parley-pseudonym:${userId}`).digest("hex").slice(0, 6);
  return `${systemRole === "participant" ? "Former participant" : "Former member"} ${tag}`;
}

/**
 * The payload of an event the erased person wrote (its actor) with their name replaced, or
 * null when the event carries no name. Every type is listed, so a new event that embeds a
 * name has to say here how it is pseudonymised.
 */
export function pseudonymisedPayload(event: LogEvent, pseudonym: string): LogEvent["payload"] | null {
  switch (event.type) {
    case "message.sent":
      return { ...event.payload, authorName: pseudonym };
    case "oversight.opened":
      return { ...event.payload, reader: pseudonym };
    // Seats, runs, injects, channels and agreements name people by id or role, never by name.
    case "exercise.created":
    case "exercise.lobby-opened":
    case "exercise.join-code-rotated":
    case "exercise.status":
    case "exercise.phase":
    case "exercise.extended":
    case "exercise.settings":
    case "role.assigned":
    case "roster.assigned":
    case "roster.removed":
    case "roster.readmitted":
    case "roster.observer-added":
    case "announcement.sent":
    case "inject.released":
    case "backchannel.requested":
    case "backchannel.convened":
    case "backchannel.accepted":
    case "backchannel.declined":
    case "backchannel.left":
    case "channel.declassified":
    case "channel.reclassified":
    case "agreement.created":
    case "agreement.version":
    case "agreement.amendment-proposed":
    case "agreement.amendment-decided":
    case "agreement.tabled":
    case "agreement.signed":
    case "agreement.status":
    case "agreement.vote-opened":
    case "agreement.vote-cast":
    case "agreement.vote-closed":
      return null;
    default:
      return assertNever(event);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Replaces the person's name and address wherever they occur in free-form JSON (audit
 * details, written by many features): the address anywhere, the name as a whole word.
 */
export function scrubJson(value: unknown, person: { name: string; email: string | null }, pseudonym: string): unknown {
  if (typeof value === "string") {
    let text = value;
    if (person.email) text = text.replace(new RegExp(escapeRegExp(person.email), "giu"), pseudonym);
    const name = normalised(person.name);
    if (name) text = text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, "gu"), pseudonym);
    return text;
  }
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, person, pseudonym));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, person, pseudonym)]));
  return value;
}

/** Ended exercises older than this instant are deleted by the retention period. */
export function retentionCutoff(now: number, days: number): Date {
  return new Date(now - days * 86_400_000);
}
