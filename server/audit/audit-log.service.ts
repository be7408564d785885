// The audit viewer's reading of the trail: admins read all of it; a facilitator reads the
// entries of the exercises they run (never account entries). Filters by exercise, person,
// kind and time; pages newest first; exports CSV.
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { fail, ok, type Result } from "../../lib/contract/result";
import type { Db } from "../db/client";
import { decide, type Actor } from "../domain/authorization";
import type { AuditRepository } from "../storage/audit.repository";

/** The kinds the viewer offers; an action family ends with a dot. */
export const auditKinds = [
  "backchannel.read",
  "debrief.full-view",
  "assessment.",
  "lti.",
  "role.assigned",
  "roster.",
  "channel.",
  "sign-in",
  "sign-in.failed",
  "sign-in.throttled",
  "account.",
  "exercise.deleted",
  "person.",
] as const;

const day = z.iso.date();
export const auditFilterSchema = z.object({
  exercise: z.string().trim().min(1).max(40).optional(),
  /** A person's id or email. */
  person: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(auditKinds).optional(),
  /** Days, inclusive (UTC). */
  from: day.optional(),
  to: day.optional(),
  before: z
    .string()
    .regex(/^\d+:[a-z0-9]+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(100),
});
export type AuditFilterInput = z.input<typeof auditFilterSchema>;

export interface AuditLine {
  id: string;
  at: string;
  action: string;
  actor: string | null;
  actorId: string | null;
  exercise: string | null;
  exerciseId: string | null;
  target: string | null;
  targetId: string | null;
  /** The target is a person (the viewer can filter by them). */
  targetIsPerson: boolean;
  detail: Record<string, unknown>;
}

export interface AuditPage {
  lines: AuditLine[];
  /** The `before` of the next page, or null at the end. */
  next: string | null;
}

export function createAuditLog(db: Db, audit: AuditRepository) {
  /** A facilitator's exercises (null: an admin, who reads everything). */
  async function scopeOf(actor: Actor): Promise<string[] | null> {
    if (actor.systemRole === "admin") return null;
    const seats = await db.roleAssignment.findMany({ where: { userId: actor.userId, seat: "facilitator" }, select: { exerciseId: true } });
    return [...new Set(seats.map((s) => s.exerciseId))];
  }

  async function read(actor: Actor | null, raw: unknown): Promise<Result<AuditPage>> {
    if (!actor) return fail("unauthenticated", "Sign in first");
    if (!decide(actor, "audit:read").allowed) return fail("forbidden", "Only administrators and facilitators read the audit trail");
    const input = auditFilterSchema.safeParse(raw);
    if (!input.success) return fail("invalid_payload", "The filter is not valid");
    const f = input.data;
    // A person may be given by their email as well as by their id.
    if (f.person?.includes("@"))
      f.person = (await db.user.findUnique({ where: { email: f.person.toLowerCase() }, select: { id: true } }))?.id ?? f.person;
    const scope = await scopeOf(actor);
    const [beforeMs, beforeId] = f.before ? f.before.split(":") : [];
    const rows = await audit.query({
      ...(scope ? { withinExercises: scope } : {}),
      ...(f.exercise ? { exerciseId: f.exercise } : {}),
      ...(f.person ? { personId: f.person } : {}),
      ...(f.kind ? { action: f.kind } : {}),
      ...(f.from ? { from: new Date(`${f.from}T00:00:00.000Z`) } : {}),
      ...(f.to ? { to: new Date(`${f.to}T23:59:59.999Z`) } : {}),
      ...(beforeMs && beforeId ? { before: { createdAt: new Date(Number(beforeMs)), id: beforeId } } : {}),
      limit: f.limit + 1,
    });
    const page = rows.slice(0, f.limit);
    // Targets are mostly people: show their names (an erased person shows as their pseudonym)…
    const targetIds = [...new Set(page.flatMap((r) => (r.target ? [r.target] : [])))];
    // …or channels (oversight of a backchannel, declassification): show their names.
    const [users, channels] = await Promise.all([
      db.user.findMany({ where: { id: { in: targetIds } }, select: { id: true, displayName: true } }),
      db.channel.findMany({ where: { id: { in: targetIds } }, select: { id: true, name: true } }),
    ]);
    const people = new Map(users.map((u) => [u.id, u.displayName]));
    const channelNames = new Map(channels.map((c) => [c.id, c.name]));
    const lines = page.map((r): AuditLine => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      action: r.action,
      actor: r.actor?.displayName ?? null,
      actorId: r.actorUserId,
      exercise: r.exercise?.title ?? null,
      exerciseId: r.exerciseId,
      target: r.target ? (people.get(r.target) ?? channelNames.get(r.target) ?? r.target) : null,
      targetId: r.target,
      targetIsPerson: r.target !== null && people.has(r.target),
      detail: parseDetail(r.detail),
    }));
    const last = page.at(-1);
    return ok({ lines, next: rows.length > f.limit && last ? `${last.createdAt.getTime()}:${last.id}` : null });
  }

  return {
    read,
    /** Every entry the filter selects (up to 50,000), as CSV with a header row. */
    async csv(actor: Actor | null, raw: unknown): Promise<Result<string>> {
      const all: AuditLine[] = [];
      let before: string | undefined;
      const base = typeof raw === "object" && raw !== null ? raw : {};
      do {
        const page = await read(actor, { ...base, limit: 5000, ...(before ? { before } : {}) });
        if (!page.ok) return page;
        all.push(...page.data.lines);
        before = page.data.next ?? undefined;
      } while (before && all.length < 50_000);
      const rows = all.map((l) => [
        l.at,
        l.action,
        l.actor ?? "",
        l.actorId ?? "",
        l.exercise ?? "",
        l.exerciseId ?? "",
        l.target ?? "",
        l.targetId ?? "",
        JSON.stringify(l.detail),
      ]);
      // Cells a spreadsheet would run as formulas are quoted as text.
      return ok(
        stringify(rows, {
          header: true,
          columns: ["time_utc", "action", "actor", "actor_id", "exercise", "exercise_id", "target", "target_id", "detail"],
          escape_formulas: true,
        }),
      );
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;

const detailSchema = z.record(z.string(), z.unknown());

function parseDetail(detail: string): Record<string, unknown> {
  try {
    return detailSchema.catch({}).parse(JSON.parse(detail));
  } catch {
    return {};
  }
}
