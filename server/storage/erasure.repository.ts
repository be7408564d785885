// Erasing a person, in one transaction: their account's personal fields go, the log
// events they wrote get their name replaced in place (the rewrite is the domain's,
// server/domain/data-rights.ts), audit details lose their name and address, and one-time
// links for them are deleted. Rows others' records need (seats, messages, signatures)
// keep pointing at the same user id, whose name is now the pseudonym.
import type { Db } from "../db/client";
import type { Tx } from "../db/types";
import { logEventSchema, type LogEvent } from "../../lib/contract/log-events";

export interface ErasablePerson {
  id: string;
  displayName: string;
  email: string | null;
  systemRole: string;
  erasedAt: Date | null;
}

export interface ErasureInput {
  person: ErasablePerson;
  pseudonym: string;
  /** The event's payload without the name, or null when it carries none. */
  rewrite(event: LogEvent): LogEvent["payload"] | null;
  /** Audit details (free-form JSON) without the name and address. */
  scrub(detail: unknown): unknown;
  actorUserId: string;
}

export interface ErasureSummary {
  eventsRewritten: number;
  auditEntriesScrubbed: number;
  linksDeleted: number;
  /** Exercises where they hold or held a seat (their live rosters are sent again). */
  exerciseIds: string[];
}

export interface ErasureRepository {
  find(userId: string): Promise<ErasablePerson | null>;
  erase(input: ErasureInput): Promise<ErasureSummary>;
}

const TX_OPTIONS = { maxWait: 15_000, timeout: 120_000 };
const PAGE = 500;

export function createErasureRepository(db: Db): ErasureRepository {
  /**
   * Rewrites the events the person wrote, page by page in sequence order, and bumps each
   * touched exercise's log revision so that readers holding parsed events read them again.
   */
  async function rewriteEvents(tx: Tx, input: ErasureInput): Promise<number> {
    let rewritten = 0;
    let after = "";
    const touched = new Set<string>();
    for (;;) {
      const rows = await tx.exerciseEvent.findMany({
        where: { actorUserId: input.person.id, id: { gt: after } },
        orderBy: { id: "asc" },
        take: PAGE,
        select: { id: true, exerciseId: true, type: true, payload: true },
      });
      for (const row of rows) {
        const parsed = logEventSchema.safeParse({ type: row.type, payload: JSON.parse(row.payload) as unknown });
        if (!parsed.success) throw new Error(`Exercise event ${row.id} (${row.type}) is not in the log's vocabulary; nothing was erased`);
        const payload = input.rewrite(parsed.data);
        if (payload === null) continue;
        await tx.exerciseEvent.update({ where: { id: row.id }, data: { payload: JSON.stringify(payload) } });
        touched.add(row.exerciseId);
        rewritten++;
      }
      if (rows.length < PAGE) {
        if (touched.size > 0)
          await tx.exercise.updateMany({ where: { id: { in: [...touched] } }, data: { logRevision: { increment: 1 } } });
        return rewritten;
      }
      after = rows.at(-1)!.id;
    }
  }

  /** Audit entries whose target or detail holds the name or the address. */
  async function scrubAudit(tx: Tx, input: ErasureInput): Promise<number> {
    const { displayName, email } = input.person;
    const needles = [displayName, ...(email ? [email] : [])].filter((n) => n.trim() !== "");
    const rows = await tx.auditEntry.findMany({
      where: {
        OR: needles.flatMap((n) => [
          { detail: { contains: n } },
          { target: { contains: n } },
          ...(n.includes("@") ? [{ detail: { contains: n.toLowerCase() } }, { target: { contains: n.toLowerCase() } }] : []),
        ]),
      },
      select: { id: true, target: true, detail: true },
    });
    let scrubbed = 0;
    for (const row of rows) {
      const detail = JSON.stringify(input.scrub(JSON.parse(row.detail) as unknown));
      const target = row.target === null ? null : (input.scrub(row.target) as string);
      if (detail === row.detail && target === row.target) continue;
      await tx.auditEntry.update({ where: { id: row.id }, data: { detail, target } });
      scrubbed++;
    }
    return scrubbed;
  }

  return {
    find(userId) {
      return db.user.findUnique({
        where: { id: userId },
        select: { id: true, displayName: true, email: true, systemRole: true, erasedAt: true },
      });
    },

    async erase(input) {
      const { person } = input;
      return db.$transaction(async (tx) => {
        const now = new Date();
        await tx.user.update({
          where: { id: person.id },
          // Sessions begun so far are refused (tokensValidAfter); the row stays for others' records.
          data: { displayName: input.pseudonym, email: null, passwordHash: null, lastSignInAt: null, tokensValidAfter: now, erasedAt: now },
        });
        const eventsRewritten = await rewriteEvents(tx, input);
        const auditEntriesScrubbed = await scrubAudit(tx, input);
        const links = await tx.accountLink.deleteMany({
          where: { OR: [{ userId: person.id }, ...(person.email ? [{ email: person.email.toLowerCase() }, { email: person.email }] : [])] },
        });
        const seats = await tx.roleAssignment.findMany({
          where: { userId: person.id },
          select: { exerciseId: true },
          distinct: ["exerciseId"],
        });
        await tx.auditEntry.create({
          data: {
            exerciseId: null,
            actorUserId: input.actorUserId,
            action: "person.erased",
            target: person.id,
            detail: JSON.stringify({ eventsRewritten, auditEntriesScrubbed, linksDeleted: links.count }),
          },
        });
        return { eventsRewritten, auditEntriesScrubbed, linksDeleted: links.count, exerciseIds: seats.map((s) => s.exerciseId) };
      }, TX_OPTIONS);
    },
  };
}
