// Deep Linking 2.0: an instructor picks a scenario; Parley creates the exercise, opens its
// lobby, records the course link and answers the platform with a signed
// LtiDeepLinkingResponse holding one ltiResourceLink (its custom parameter names the
// exercise; its line item is the grade column).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { fail, ok, type Result } from "../../lib/contract/result";
import { parseScenario } from "../../lib/scenario/parse-scenario";
import { rubricFor, rubricMax } from "../../lib/scenario/rubric";
import { scenarioSchema } from "../../lib/scenario/scenario.schema";
import { totalMinutes } from "../../lib/scenario/scenario-rules";
import type { PickerChoice } from "./lti-pages";
import { decide, type Actor } from "../domain/authorization";
import type { AuditRepository } from "../storage/audit.repository";
import type { ScenarioRepository } from "../storage/scenario.repository";
import { CLAIM, EXERCISE_PARAM, type LaunchClaims } from "./lti-claims";
import type { LtiKeys } from "./lti-keys";
import type { Platform, PlatformRepository } from "./platform.repository";
import type { ResourceLinks } from "./resource-links";

/** The audience of the picker's context token (a token Parley signs for itself). */
const AUDIENCE = "parley:lti-deep-link";
/** How long an instructor may take to pick a scenario. */
const PICK_WITHIN_S = 60 * 60;

const contextSchema = z.object({
  sub: z.string(),
  platformId: z.string(),
  deploymentId: z.string(),
  returnUrl: z.url(),
  data: z.string().optional(),
  contextId: z.string(),
  contextTitle: z.string().optional(),
  lineItemsUrl: z.url().optional(),
  membershipsUrl: z.url().optional(),
});
type DeepLinkContext = z.infer<typeof contextSchema>;

const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** The picker's form: the placement token, and the scenario chosen (absent, or `cancel`: the platform gets an answer with no link). */
export const placeInputSchema = z.object({
  ctx: z.string().min(1).max(10_000),
  scenarioId: z.string().trim().min(1).max(40).optional(),
  title: z.string().trim().max(120).optional(),
  cancel: z.string().optional(),
});

export interface Placement {
  returnUrl: string;
  jwt: string;
  exerciseId: string | null;
  /** Origins that may frame the pages of this placement (the platform's). */
  frameAncestors: string[];
}

/** Creating an exercise and opening its lobby: the exercise use cases (server/exercises). */
export interface ExercisePlacer {
  create(actor: Actor, input: { scenarioId: string; title?: string }): Promise<Result<{ id: string }>>;
  openLobby(actor: Actor, exerciseId: string): Promise<Result<{ joinCode: string }>>;
}

export interface DeepLinkDeps {
  keys: LtiKeys;
  platforms: PlatformRepository;
  links: ResourceLinks;
  scenarios: ScenarioRepository;
  audit: AuditRepository;
  /** The account behind a placement token, as an actor (null: gone or deactivated). */
  actorOf(userId: string): Promise<Actor | null>;
  publicUrl: string;
  now(): number;
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/** The platform's origins: where its pages that frame Parley's live. */
export function platformOrigins(platform: Platform, returnUrl?: string): string[] {
  const origins = [platform.issuer, platform.authLoginUrl, ...(returnUrl ? [returnUrl] : [])].map(originOf);
  return [...new Set(origins.filter((o): o is string => o !== null && o !== "null"))];
}

export function createDeepLinks(deps: DeepLinkDeps) {
  const { keys, now } = deps;

  async function contextOf(token: string): Promise<{ ctx: DeepLinkContext; platform: Platform } | null> {
    const payload = await keys.verifyOwn(token, { audience: AUDIENCE, now: now() });
    const ctx = contextSchema.safeParse(payload);
    if (!ctx.success) return null;
    const platform = await deps.platforms.find(ctx.data.platformId);
    return platform ? { ctx: ctx.data, platform } : null;
  }

  /** The line item's maximum: the most any role's rubric gives (none without a rubric). */
  async function scoreMaximumOf(scenarioId: string): Promise<number> {
    const row = await deps.scenarios.find(scenarioId);
    if (!row) return 0;
    const scenario = parseScenario(row.definition);
    return Math.max(rubricMax(rubricFor(scenario, null)), ...scenario.roles.map((r) => rubricMax(rubricFor(scenario, r.key))));
  }

  async function response(platform: Platform, ctx: DeepLinkContext, items: unknown[]): Promise<string> {
    return keys.sign(
      {
        iss: platform.clientId,
        aud: platform.issuer,
        nonce: randomUUID(),
        [CLAIM.messageType]: "LtiDeepLinkingResponse",
        [CLAIM.version]: "1.3.0",
        [CLAIM.deploymentId]: ctx.deploymentId,
        [CLAIM.contentItems]: items,
        ...(ctx.data !== undefined ? { [CLAIM.deepLinkingData]: ctx.data } : {}),
      },
      { expiresInS: 5 * 60, now: now() },
    );
  }

  return {
    /** The scenarios an instructor may place (latest versions; a stored row that no longer parses is left out, not fatal). */
    async choices(): Promise<PickerChoice[]> {
      const rows = await deps.scenarios.listLatest();
      return rows.flatMap((row) => {
        const parsed = scenarioSchema.safeParse(jsonOf(row.definition));
        if (!parsed.success) return [];
        const s = parsed.data;
        return [{ id: row.id, title: s.title, summary: s.summary, roles: s.roles.length, minutes: totalMinutes(s) }];
      });
    },

    /** What the picker carries from the launch to the choice (signed, for this user, one hour). */
    contextToken(userId: string, platform: Platform, claims: LaunchClaims): Promise<string> {
      const settings = claims[CLAIM.deepLinking];
      const context = claims[CLAIM.context];
      const ags = claims[CLAIM.ags];
      const nrps = claims[CLAIM.nrps];
      const ctx: DeepLinkContext = {
        sub: userId,
        platformId: platform.id,
        deploymentId: claims[CLAIM.deploymentId],
        returnUrl: settings?.deep_link_return_url ?? "",
        contextId: context?.id ?? "",
        ...(settings?.data !== undefined ? { data: settings.data } : {}),
        ...(context?.title ? { contextTitle: context.title } : {}),
        ...(ags?.lineitems ? { lineItemsUrl: ags.lineitems } : {}),
        ...(nrps ? { membershipsUrl: nrps.context_memberships_url } : {}),
      };
      return keys.sign({ ...ctx, aud: AUDIENCE }, { expiresInS: PICK_WITHIN_S, now: now() });
    },

    /**
     * The instructor's choice, posted from the picker with the placement token (the token,
     * signed by Parley for this instructor, stands for their session: the picker may live
     * in the platform's frame, where no Parley cookie is sent).
     */
    async place(raw: unknown, exercises: ExercisePlacer): Promise<Result<Placement>> {
      const input = placeInputSchema.safeParse(raw);
      if (!input.success) return fail("invalid_payload", "The request is not valid");
      const found = await contextOf(input.data.ctx);
      if (!found) return fail("forbidden", "This course placement has expired: open it again from your course");
      const actor = await deps.actorOf(found.ctx.sub);
      if (!actor || !decide(actor, "exercise:create").allowed)
        return fail("forbidden", "Only an instructor may place a Parley exercise in a course");
      const { ctx, platform } = found;
      const { scenarioId, title } = input.data;
      const frameAncestors = platformOrigins(platform, ctx.returnUrl);
      if (!scenarioId || input.data.cancel)
        return ok({ returnUrl: ctx.returnUrl, jwt: await response(platform, ctx, []), exerciseId: null, frameAncestors });
      const created = await exercises.create(actor, { scenarioId, ...(title ? { title } : {}) });
      if (!created.ok) return fail(created.code, created.message);
      const exerciseId = created.data.id;
      const opened = await exercises.openLobby(actor, exerciseId);
      if (!opened.ok) return fail(opened.code, opened.message);
      await deps.links.create({
        platformId: platform.id,
        deploymentId: ctx.deploymentId,
        contextId: ctx.contextId,
        contextTitle: ctx.contextTitle ?? null,
        exerciseId,
        lineItemsUrl: ctx.lineItemsUrl ?? null,
        membershipsUrl: ctx.membershipsUrl ?? null,
      });
      const label = title || (await deps.scenarios.find(scenarioId))?.title || "Parley exercise";
      const scoreMaximum = await scoreMaximumOf(scenarioId);
      const item = {
        type: "ltiResourceLink",
        title: label,
        url: `${deps.publicUrl}/api/lti/launch`,
        custom: { [EXERCISE_PARAM]: exerciseId },
        // The session cookie is SameSite=Lax and Parley refuses to be framed: a new window.
        window: { targetName: "_blank" },
        ...(scoreMaximum > 0 ? { lineItem: { scoreMaximum, label, resourceId: exerciseId, tag: "parley" } } : {}),
      };
      await deps.audit.record({
        action: "lti.placed",
        actorUserId: actor.userId,
        exerciseId,
        detail: { platform: platform.name, context: ctx.contextTitle ?? ctx.contextId },
      });
      return ok({ returnUrl: ctx.returnUrl, jwt: await response(platform, ctx, [item]), exerciseId, frameAncestors });
    },
  };
}
export type DeepLinks = ReturnType<typeof createDeepLinks>;
