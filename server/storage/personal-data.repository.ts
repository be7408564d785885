// Everything Parley holds about one person, read for an export: their account (never the
// password hash), seats, what they wrote and signed, their notes, and the audit entries
// by or about them. Every query is keyed on their own id, so no row of another person's
// is read; the names beside their rows are exercises', channels' and agreements'.
import { z } from "zod";
import type { Db } from "../db/client";

export interface PersonalData {
  account: {
    id: string;
    displayName: string;
    email: string | null;
    systemRole: string;
    /** Participants who joined by code: the exercise their identity belongs to. */
    exerciseId: string | null;
    createdAt: Date;
    lastSignInAt: Date | null;
    deactivatedAt: Date | null;
    erasedAt: Date | null;
    hasPassword: boolean;
  };
  exercisesCreated: { id: string; title: string; status: string; createdAt: Date }[];
  seats: { exerciseId: string; exercise: string; seat: string; roleKey: string | null; assignedAt: Date; removedAt: Date | null }[];
  messages: { exerciseId: string; exercise: string; channel: string; seq: number; roleKey: string | null; body: string; at: Date }[];
  agreementVersions: {
    exerciseId: string;
    exercise: string;
    agreement: string;
    version: number;
    roleKey: string | null;
    reason: string | null;
    clauses: unknown;
    at: Date;
  }[];
  amendments: {
    exerciseId: string;
    exercise: string;
    agreement: string;
    baseVersion: number;
    roleKey: string;
    change: unknown;
    reason: string | null;
    status: string;
    at: Date;
  }[];
  signatures: { exerciseId: string; exercise: string; agreement: string; version: number; roleKey: string; at: Date }[];
  annotations: { exerciseId: string; exercise: string; targetSeq: number | null; body: string; visibleToParticipants: boolean; at: Date }[];
  /** Their released assessments (scores per criterion, evidence by event, feedback). */
  assessments: {
    exerciseId: string;
    exercise: string;
    roleKey: string | null;
    scores: unknown;
    evidence: unknown;
    feedback: string;
    releasedAt: Date | null;
  }[];
  /** Who they are on the learning platforms they arrived from (LTI). */
  lmsIdentities: { platform: string; subject: string; since: Date }[];
  /**
   * `byThem`: they did it; otherwise it is about them (who did it is another person's data).
   * What they did to another person names neither that person nor the details (null).
   */
  auditEntries: { action: string; exerciseId: string | null; byThem: boolean; target: string | null; detail: unknown; at: Date }[];
}

export interface PersonalDataRepository {
  collect(userId: string): Promise<PersonalData | null>;
  /** The audit entry of an export (who took whose data). */
  recordExport(actorUserId: string, userId: string): Promise<void>;
}

const json = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** A message.sent event's text, as stored (erasure rewrites the author's name, not this). */
const messageBody = z.object({ body: z.string() }).loose();

export function createPersonalDataRepository(db: Db): PersonalDataRepository {
  const exercise = { select: { id: true, title: true } } as const;
  const agreementOf = { select: { title: true, exercise } } as const;

  return {
    async recordExport(actorUserId, userId) {
      await db.auditEntry.create({
        data: { actorUserId, action: "person.exported", target: userId, detail: JSON.stringify({ own: actorUserId === userId }) },
      });
    },

    async collect(userId) {
      const user = await db.user.findUnique({ where: { id: userId } });
      if (!user) return null;
      const [created, seats, messages, versions, amendments, signatures, annotations, audit, assessments, identities] = await Promise.all([
        db.exercise.findMany({
          where: { createdById: userId },
          orderBy: { createdAt: "asc" },
          select: { id: true, title: true, status: true, createdAt: true },
        }),
        db.roleAssignment.findMany({ where: { userId }, orderBy: { assignedAt: "asc" }, include: { exercise } }),
        // What they wrote is in the exercise logs: their message.sent events.
        db.exerciseEvent.findMany({
          where: { actorUserId: userId, type: "message.sent" },
          orderBy: [{ exerciseId: "asc" }, { seq: "asc" }],
          include: { exercise },
        }),
        db.agreementVersion.findMany({
          where: { authorUserId: userId },
          orderBy: { createdAt: "asc" },
          include: { agreement: agreementOf },
        }),
        db.amendment.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, include: { agreement: agreementOf } }),
        db.signature.findMany({
          where: { userId },
          orderBy: { signedAt: "asc" },
          include: { version: { select: { number: true, agreement: agreementOf } } },
        }),
        db.annotation.findMany({ where: { authorUserId: userId }, orderBy: { createdAt: "asc" }, include: { exercise } }),
        db.auditEntry.findMany({ where: { OR: [{ actorUserId: userId }, { target: userId }] }, orderBy: { createdAt: "asc" } }),
        // Released only: a draft is the assessor's working note until it is released to its person.
        db.assessment.findMany({ where: { userId, status: "released" }, orderBy: { createdAt: "asc" }, include: { exercise } }),
        db.ltiIdentity.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, include: { platform: { select: { name: true } } } }),
      ]);
      const channelNames = new Map(
        (
          await db.channel.findMany({
            where: { id: { in: [...new Set(messages.flatMap((m) => (m.channelId ? [m.channelId] : [])))] } },
            select: { id: true, name: true },
          })
        ).map((c) => [c.id, c.name]),
      );
      // Entries they wrote about someone else (a removal, a role given) keep that person out.
      const targets = [...new Set(audit.flatMap((a) => (a.target && a.target !== userId ? [a.target] : [])))];
      const others = new Set((await db.user.findMany({ where: { id: { in: targets } }, select: { id: true } })).map((u) => u.id));
      return {
        account: {
          id: user.id,
          displayName: user.displayName,
          email: user.email,
          systemRole: user.systemRole,
          exerciseId: user.exerciseId,
          createdAt: user.createdAt,
          lastSignInAt: user.lastSignInAt,
          deactivatedAt: user.deactivatedAt,
          erasedAt: user.erasedAt,
          hasPassword: user.passwordHash !== null,
        },
        exercisesCreated: created,
        seats: seats.map((s) => ({
          exerciseId: s.exerciseId,
          exercise: s.exercise.title,
          seat: s.seat,
          roleKey: s.roleKey,
          assignedAt: s.assignedAt,
          removedAt: s.removedAt,
        })),
        messages: messages.map((m) => ({
          exerciseId: m.exerciseId,
          exercise: m.exercise.title,
          channel: channelNames.get(m.channelId ?? "") ?? "",
          seq: m.seq,
          roleKey: m.actorRoleKey,
          body: messageBody.parse(JSON.parse(m.payload)).body,
          at: m.createdAt,
        })),
        agreementVersions: versions.map((v) => ({
          exerciseId: v.agreement.exercise.id,
          exercise: v.agreement.exercise.title,
          agreement: v.agreement.title,
          version: v.number,
          roleKey: v.roleKey,
          reason: v.reason,
          clauses: json(v.clauses),
          at: v.createdAt,
        })),
        amendments: amendments.map((a) => ({
          exerciseId: a.agreement.exercise.id,
          exercise: a.agreement.exercise.title,
          agreement: a.agreement.title,
          baseVersion: a.baseVersion,
          roleKey: a.roleKey,
          change: json(a.change),
          reason: a.reason,
          status: a.status,
          at: a.createdAt,
        })),
        signatures: signatures.map((s) => ({
          exerciseId: s.version.agreement.exercise.id,
          exercise: s.version.agreement.exercise.title,
          agreement: s.version.agreement.title,
          version: s.version.number,
          roleKey: s.roleKey,
          at: s.signedAt,
        })),
        assessments: assessments.map((a) => ({
          exerciseId: a.exerciseId,
          exercise: a.exercise.title,
          roleKey: a.roleKey,
          scores: json(a.scores),
          evidence: json(a.evidence),
          feedback: a.feedback,
          releasedAt: a.releasedAt,
        })),
        lmsIdentities: identities.map((i) => ({ platform: i.platform.name, subject: i.subject, since: i.createdAt })),
        annotations: annotations.map((a) => ({
          exerciseId: a.exerciseId,
          exercise: a.exercise.title,
          targetSeq: a.targetSeq,
          body: a.body,
          visibleToParticipants: a.visibleToParticipants,
          at: a.createdAt,
        })),
        auditEntries: audit.map((a) => {
          const aboutOther = a.target !== null && others.has(a.target);
          return {
            action: a.action,
            exerciseId: a.exerciseId,
            byThem: a.actorUserId === userId,
            target: aboutOther ? null : a.target,
            detail: aboutOther ? null : json(a.detail),
            at: a.createdAt,
          };
        }),
      };
    },
  };
}
