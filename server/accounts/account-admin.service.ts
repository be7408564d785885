// Account administration: administrators list and search accounts, invite people by a
// one-time link, change roles, deactivate (their sessions and sockets end at once) and
// hand out password-reset links. Every change leaves an audit entry.
import { z } from "zod";
import { fail, ok, type Result } from "../../lib/contract/result";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { accountRoleSchema, decide, type AccountRole, type Actor } from "../domain/authorization";
import type { AuditRepository } from "../storage/audit.repository";
import { hashPassword } from "../auth/password";
import { newAccountSchema } from "../auth/accounts";
import { hashLinkToken, linkExpiry, linkPath, linkTokenSchema, newLinkToken, type LinkKind } from "./account-links";
import type { Effects } from "../effects/effect-worker";
import { effectSchema } from "../effects/effect-kinds";

export interface AccountAdminDeps {
  db: Db;
  audit: AuditRepository;
  /** Closes every socket of a user, on every node. */
  disconnect(userId: string): void;
  publicUrl: string;
  /** Links are queued to be emailed when this process sends email (SMTP_URL). */
  effects: Pick<Effects, "enqueue" | "handles" | "wake">;
  now?: () => Date;
}

export interface AccountSummary {
  id: string;
  email: string | null;
  displayName: string;
  role: AccountRole;
  active: boolean;
  /** Signs in with single sign-on only (no password). */
  sso: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

export interface IssuedLink {
  url: string;
  expiresAt: string;
  /** Queued to be emailed (SMTP_URL is set): the outbox sends it after the commit. */
  emailed: boolean;
}

export const inviteSchema = z.object({ email: z.email("enter a valid email address"), role: accountRoleSchema });
export const roleChangeSchema = z.object({ role: accountRoleSchema });
export const activeSchema = z.object({ active: z.boolean() });
export const searchSchema = z.object({ q: z.string().trim().max(100).optional() });
/** What a person sends to redeem a link: a password, and a name for an invitation. */
export const redeemSchema = z.object({
  displayName: newAccountSchema.shape.displayName.optional(),
  password: newAccountSchema.shape.password,
});

export type LinkView =
  { state: "valid"; kind: LinkKind; email: string | null; role: AccountRole | null } | { state: "expired" | "used" | "unknown" };

const isAccountRole = (role: string): role is AccountRole => accountRoleSchema.safeParse(role).success;

export function createAccountAdmin(deps: AccountAdminDeps) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const forbidden = <T>(actor: Actor | null) =>
    actor ? fail<T>("forbidden", "Only an administrator may manage accounts") : fail<T>("unauthenticated", "Sign in first");
  const admin = (actor: Actor | null) => decide(actor, "accounts:manage").allowed;

  async function issue(
    actor: Actor,
    kind: LinkKind,
    fields: { email: string | null; role?: AccountRole; userId?: string },
  ): Promise<IssuedLink> {
    const { token, hash } = newLinkToken();
    const expiresAt = linkExpiry(kind, now());
    const url = `${deps.publicUrl}${linkPath(kind, token)}`;
    const draft = fields.email && deps.effects.handles("email.send") ? linkMail(kind, fields.email, url, fields.role, expiresAt) : null;
    // An address the outbox would refuse (one a sign-in provider sent) is passed on by hand.
    const mail = draft && effectSchema.safeParse({ kind: "email.send", payload: draft }).success ? draft : null;
    // The link and its email commit together: no email for a link that was not stored, and
    // no stored link whose email is lost. The worker sends it (and retries) after the commit.
    await db.$transaction(async (tx) => {
      const link = await tx.accountLink.create({
        data: {
          kind,
          tokenHash: hash,
          email: fields.email,
          role: fields.role ?? null,
          userId: fields.userId ?? null,
          createdById: actor.userId,
          expiresAt,
        },
      });
      if (mail) await deps.effects.enqueue(tx, { kind: "email.send", payload: mail, dedupeKey: `account-link:${link.id}` });
    });
    if (mail) deps.effects.wake();
    return { url, expiresAt: expiresAt.toISOString(), emailed: mail !== null };
  }

  function linkMail(kind: LinkKind, to: string, url: string, role: AccountRole | undefined, expiresAt: Date) {
    const subject = kind === "invite" ? "Your invitation to Parley" : "Reset your Parley password";
    const text =
      kind === "invite"
        ? `You are invited to Parley as ${role}. Open this link to choose your name and password (valid ${Math.round((expiresAt.getTime() - now().getTime()) / 86_400_000)} days):\n\n${url}\n`
        : `Open this link to choose a new password for Parley (valid 24 hours):\n\n${url}\n\nIf you did not ask for this, ignore this message.`;
    return { to, subject, text };
  }

  /** The account a change is about, if it is one an administrator manages. */
  async function accountOf(userId: string) {
    const user = await db.user.findUnique({ where: { id: userId } });
    return user && user.exerciseId === null && user.erasedAt === null && isAccountRole(user.systemRole) ? user : null;
  }

  async function activeAdmins(): Promise<number> {
    return db.user.count({ where: { systemRole: "admin", deactivatedAt: null, erasedAt: null } });
  }

  return {
    async list(actor: Actor | null, raw: unknown): Promise<Result<AccountSummary[]>> {
      if (!admin(actor)) return forbidden(actor);
      const input = searchSchema.safeParse(raw);
      if (!input.success) return fail("invalid_payload", "The search is not valid");
      const q = input.data.q;
      const rows = await db.user.findMany({
        where: {
          exerciseId: null,
          erasedAt: null,
          systemRole: { in: [...accountRoleSchema.options] },
          ...(q ? { OR: [{ email: { contains: q.toLowerCase() } }, { displayName: { contains: q } }] } : {}),
        },
        orderBy: [{ displayName: "asc" }],
        take: 500,
      });
      return ok(
        rows.flatMap((u) =>
          isAccountRole(u.systemRole)
            ? [
                {
                  id: u.id,
                  email: u.email,
                  displayName: u.displayName,
                  role: u.systemRole,
                  active: u.deactivatedAt === null,
                  sso: u.passwordHash === null,
                  lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
                  createdAt: u.createdAt.toISOString(),
                },
              ]
            : [],
        ),
      );
    },

    async invite(actor: Actor | null, raw: unknown): Promise<Result<IssuedLink>> {
      if (!admin(actor) || !actor) return forbidden(actor);
      const input = inviteSchema.safeParse(raw);
      if (!input.success) return fail("invalid_payload", input.error.issues[0]?.message ?? "The invitation is not valid");
      const email = input.data.email.toLowerCase();
      if (await db.user.findUnique({ where: { email } })) return fail("conflict", "An account with this email exists");
      const link = await issue(actor, "invite", { email, role: input.data.role });
      await audit.record({
        action: "account.invited",
        actorUserId: actor.userId,
        detail: { role: input.data.role, emailed: link.emailed },
      });
      return ok(link);
    },

    async changeRole(actor: Actor | null, userId: string, raw: unknown): Promise<Result<{ role: AccountRole }>> {
      if (!admin(actor) || !actor) return forbidden(actor);
      const input = roleChangeSchema.safeParse(raw);
      if (!input.success) return fail("invalid_payload", "Choose admin, facilitator or observer");
      const user = await accountOf(userId);
      if (!user) return fail("not_found", "No such account");
      if (user.id === actor.userId && input.data.role !== "admin")
        return fail("conflict", "You cannot take away your own administrator role");
      if (user.systemRole === input.data.role) return ok({ role: input.data.role });
      await db.$transaction(async (tx) => {
        // The role is read from the session: sessions made under the old one end.
        await tx.user.update({ where: { id: userId }, data: { systemRole: input.data.role, tokensValidAfter: now() } });
        await audit.record(
          {
            action: "account.role-changed",
            actorUserId: actor.userId,
            target: userId,
            detail: { from: user.systemRole, to: input.data.role },
          },
          tx,
        );
      });
      deps.disconnect(userId);
      return ok({ role: input.data.role });
    },

    async setActive(actor: Actor | null, userId: string, raw: unknown): Promise<Result<{ active: boolean }>> {
      if (!admin(actor) || !actor) return forbidden(actor);
      const input = activeSchema.safeParse(raw);
      if (!input.success) return fail("invalid_payload", "Say whether the account is active");
      const user = await accountOf(userId);
      if (!user) return fail("not_found", "No such account");
      if (user.id === actor.userId && !input.data.active) return fail("conflict", "You cannot deactivate your own account");
      if (!input.data.active && user.systemRole === "admin" && user.deactivatedAt === null && (await activeAdmins()) <= 1) {
        return fail("conflict", "Parley needs at least one active administrator");
      }
      await db.$transaction(async (tx) => {
        await tx.user.update({
          where: { id: userId },
          data: input.data.active ? { deactivatedAt: null } : { deactivatedAt: now(), tokensValidAfter: now() },
        });
        await audit.record(
          { action: input.data.active ? "account.reactivated" : "account.deactivated", actorUserId: actor.userId, target: userId },
          tx,
        );
      });
      // Deactivated: every open page and socket of theirs ends now.
      if (!input.data.active) deps.disconnect(userId);
      return ok({ active: input.data.active });
    },

    async resetLink(actor: Actor | null, userId: string): Promise<Result<IssuedLink>> {
      if (!admin(actor) || !actor) return forbidden(actor);
      const user = await accountOf(userId);
      if (!user) return fail("not_found", "No such account");
      const link = await issue(actor, "reset", { email: user.email, userId });
      await audit.record({ action: "account.reset-link", actorUserId: actor.userId, target: userId, detail: { emailed: link.emailed } });
      return ok(link);
    },

    /** What a link is, for the page it opens (nothing about other accounts). */
    async view(token: string): Promise<LinkView> {
      if (!linkTokenSchema.safeParse(token).success) return { state: "unknown" };
      const link = await db.accountLink.findUnique({ where: { tokenHash: hashLinkToken(token) } });
      if (!link) return { state: "unknown" };
      if (link.usedAt) return { state: "used" };
      if (link.expiresAt <= now()) return { state: "expired" };
      const kind = link.kind === "reset" ? "reset" : "invite";
      return { state: "valid", kind, email: link.email, role: link.role && isAccountRole(link.role) ? link.role : null };
    },

    /** Redeems a link once: an invitation creates the account, a reset sets a new password. */
    async redeem(token: string, raw: unknown): Promise<Result<{ userId: string; email: string | null; kind: LinkKind }>> {
      const input = redeemSchema.safeParse(raw);
      if (!input.success) return fail("invalid_payload", input.error.issues[0]?.message ?? "Check the name and password");
      if (!linkTokenSchema.safeParse(token).success) return fail("not_found", "This link is not valid");
      const link = await db.accountLink.findUnique({ where: { tokenHash: hashLinkToken(token) } });
      if (!link) return fail("not_found", "This link is not valid");
      if (link.usedAt || link.expiresAt <= now())
        return fail("conflict", link.usedAt ? "This link has been used already" : "This link has expired; ask for a new one");
      if (link.kind === "invite" && !input.data.displayName) return fail("invalid_payload", "enter a name");
      const passwordHash = await hashPassword(input.data.password);
      try {
        const result = await db.$transaction(async (tx) => {
          // Once: whoever marks the link used first redeems it.
          const claimed = await tx.accountLink.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: now() } });
          if (claimed.count !== 1) return null;
          if (link.kind === "invite") {
            const role = link.role && isAccountRole(link.role) ? link.role : "facilitator";
            const user = await tx.user.create({
              data: { email: link.email, displayName: input.data.displayName!, passwordHash, systemRole: role },
            });
            await audit.record(
              { action: "account.created", actorUserId: user.id, target: user.id, detail: { role, invitedBy: link.createdById } },
              tx,
            );
            return { userId: user.id, email: user.email, kind: "invite" as const };
          }
          const user = await tx.user.update({ where: { id: link.userId ?? "" }, data: { passwordHash, tokensValidAfter: now() } });
          await audit.record({ action: "account.password-reset", actorUserId: user.id, target: user.id }, tx);
          return { userId: user.id, email: user.email, kind: "reset" as const };
        });
        if (!result) return fail("conflict", "This link has been used already");
        if (result.kind === "reset") deps.disconnect(result.userId);
        return ok(result);
      } catch (error) {
        if (isUniqueViolation(error)) return fail("conflict", "An account with this email exists");
        throw error;
      }
    },
  };
}
export type AccountAdmin = ReturnType<typeof createAccountAdmin>;
