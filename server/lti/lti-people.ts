// Who a platform's user is in Parley: found again by (platform, sub), else a new account
// without a password. An email already used by another account is never taken over: the
// new account then has no email.
import { z } from "zod";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";

export interface LtiPerson {
  platformId: string;
  subject: string;
  displayName: string;
  email?: string | undefined;
  /** An instructor runs exercises: their account is a facilitator's. */
  staff: boolean;
}

export interface ParleyUser {
  id: string;
  displayName: string;
  systemRole: "facilitator" | "participant" | "admin" | "observer";
  deactivated: boolean;
}

const roleSchema = z.enum(["facilitator", "participant", "admin", "observer"]);
const emailOf = (email: string | undefined) => (email && z.email().safeParse(email).success ? email.toLowerCase() : null);

export function createLtiPeople(db: Db) {
  async function existing(platformId: string, subject: string) {
    const identity = await db.ltiIdentity.findUnique({ where: { platformId_subject: { platformId, subject } } });
    if (!identity) return null;
    const user = await db.user.findUnique({ where: { id: identity.userId } });
    return { identity, user: user && !user.erasedAt ? user : null };
  }

  /** A new account; `orphan`: the identity of an erased account, which points to the new one. */
  async function create(person: LtiPerson, email: string | null, orphan?: string) {
    return db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { displayName: person.displayName, email, systemRole: person.staff ? "facilitator" : "participant" },
      });
      if (orphan) await tx.ltiIdentity.update({ where: { id: orphan }, data: { userId: user.id } });
      else await tx.ltiIdentity.create({ data: { platformId: person.platformId, subject: person.subject, userId: user.id } });
      return user;
    });
  }

  return {
    /** The person's Parley account, made on their first launch; names follow the platform's. */
    async resolve(person: LtiPerson): Promise<ParleyUser> {
      const found = await existing(person.platformId, person.subject);
      let user = found?.user ?? null;
      if (user) {
        // A learner who becomes an instructor runs exercises from then on; nobody is demoted.
        const promote = person.staff && user.systemRole === "participant";
        if (promote || user.displayName !== person.displayName) {
          user = await db.user.update({
            where: { id: user.id },
            data: { displayName: person.displayName, ...(promote ? { systemRole: "facilitator" } : {}) },
          });
        }
      } else {
        const email = emailOf(person.email);
        const taken = email ? await db.user.findUnique({ where: { email }, select: { id: true } }) : null;
        try {
          user = await create(person, taken ? null : email, found?.identity.id);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          // Two first launches at once (one wins the identity), or the email was taken meanwhile.
          user = (await existing(person.platformId, person.subject))?.user ?? (await create(person, null, found?.identity.id));
        }
      }
      return {
        id: user.id,
        displayName: user.displayName,
        systemRole: roleSchema.parse(user.systemRole),
        deactivated: user.deactivatedAt !== null,
      };
    },

    /** The account behind a platform's user, without making one. */
    async find(platformId: string, subject: string): Promise<{ id: string } | null> {
      const user = (await existing(platformId, subject))?.user;
      return user ? { id: user.id } : null;
    },

    /** The platform's user id (`sub`) for a Parley account, if they came from that platform. */
    async subjectOf(platformId: string, userId: string): Promise<string | null> {
      const identity = await db.ltiIdentity.findFirst({ where: { platformId, userId }, orderBy: { createdAt: "desc" } });
      return identity?.subject ?? null;
    },
  };
}
export type LtiPeople = ReturnType<typeof createLtiPeople>;
