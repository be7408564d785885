// Administrators register the LMS platforms whose launches Parley trusts. Every change is
// audited; a removal ends the platform's identities and course links (not the exercises).
import { fail, issuesFrom, ok, type Result } from "../../lib/contract/result";
import { isUniqueViolation } from "../db/errors";
import { decide, type Actor } from "../domain/authorization";
import type { AuditRepository } from "../storage/audit.repository";
import type { PlatformRepository } from "./platform.repository";
import { platformInputSchema, type PlatformSummary } from "./platform.schema";

export interface PlatformAdminDeps {
  platforms: PlatformRepository;
  audit: AuditRepository;
  /** Endpoints must be https (except on this machine): Parley itself is served over https. */
  requireHttps: boolean;
}

export function createPlatformAdmin({ platforms, audit, requireHttps }: PlatformAdminDeps) {
  const schema = platformInputSchema({ requireHttps });
  /** The admin acting, or the refusal to answer with. */
  const admin = (actor: Actor | null): Actor | Result<never> => {
    if (!actor) return fail("unauthenticated", "Sign in first");
    return decide(actor, "lti:manage").allowed ? actor : fail("forbidden", "Only an administrator may register learning platforms");
  };
  const duplicate = <T>() => fail<T>("conflict", "This platform (issuer and client id) is already registered");

  return {
    async list(actor: Actor | null): Promise<Result<PlatformSummary[]>> {
      const who = admin(actor);
      if ("ok" in who) return who;
      return ok((await platforms.list()).map((p) => ({ ...p, createdAt: p.createdAt.toISOString() })));
    },

    async create(actor: Actor | null, raw: unknown): Promise<Result<{ id: string }>> {
      const who = admin(actor);
      if ("ok" in who) return who;
      const input = schema.safeParse(raw);
      if (!input.success) return fail("invalid_payload", "The registration is not valid", issuesFrom(input.error));
      try {
        const platform = await platforms.create(input.data);
        await audit.record({
          action: "lti.platform-registered",
          actorUserId: who.userId,
          target: platform.id,
          detail: { name: platform.name, issuer: platform.issuer },
        });
        return ok({ id: platform.id });
      } catch (error) {
        if (isUniqueViolation(error)) return duplicate();
        throw error;
      }
    },

    async update(actor: Actor | null, id: string, raw: unknown): Promise<Result<{ id: string }>> {
      const who = admin(actor);
      if ("ok" in who) return who;
      const input = schema.safeParse(raw);
      if (!input.success) return fail("invalid_payload", "The registration is not valid", issuesFrom(input.error));
      try {
        const platform = await platforms.update(id, input.data);
        if (!platform) return fail("not_found", "No such platform");
        await audit.record({
          action: "lti.platform-changed",
          actorUserId: who.userId,
          target: id,
          detail: { name: platform.name, issuer: platform.issuer },
        });
        return ok({ id });
      } catch (error) {
        if (isUniqueViolation(error)) return duplicate();
        throw error;
      }
    },

    async remove(actor: Actor | null, id: string): Promise<Result<{ id: string }>> {
      const who = admin(actor);
      if ("ok" in who) return who;
      const platform = await platforms.find(id);
      if (!platform || !(await platforms.remove(id))) return fail("not_found", "No such platform");
      await audit.record({
        action: "lti.platform-removed",
        actorUserId: who.userId,
        target: id,
        detail: { name: platform.name, issuer: platform.issuer },
      });
      return ok({ id });
    },
  };
}
export type PlatformAdmin = ReturnType<typeof createPlatformAdmin>;
