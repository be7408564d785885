// A verified launch becomes a Parley session: an instructor's deep linking request opens
// the scenario picker; a resource link seats the person in the exercise it names and
// records the services the platform announced for it. Refusals change nothing.
import { fail, ok, type Result } from "../../lib/contract/result";
import type { AuditRepository } from "../storage/audit.repository";
import type { ExerciseRepository } from "../storage/exercise.repository";
import { systemRoleSchema } from "../domain/authorization";
import { CLAIM, courseRoleOf, displayNameOf, exerciseParamOf, type LaunchClaims } from "./lti-claims";
import { platformOrigins, type DeepLinks } from "./deep-link.service";
import { verifyLaunch, type VerifyDeps } from "./launch-verify";
import { sessionSetCookie, type LaunchSession } from "./launch-session";
import type { LtiPeople, ParleyUser } from "./lti-people";
import type { LtiSeats } from "./lti-seats";
import type { Platform } from "./platform.repository";
import type { ResourceLink, ResourceLinks } from "./resource-links";

export interface LaunchDeps extends VerifyDeps {
  people: LtiPeople;
  seats: LtiSeats;
  links: ResourceLinks;
  exercises: ExerciseRepository;
  deepLinks: DeepLinks;
  audit: AuditRepository;
  publicUrl: string;
  sessionSecret: string;
}

/** A resource link goes on to Parley's page for the person; deep linking shows the scenario picker in place. */
export type LaunchOutcome =
  | { kind: "redirect"; redirectTo: string; setCookie: string; userId: string }
  | {
      kind: "picker";
      ctx: string;
      platformName: string;
      contextTitle: string | null;
      frameAncestors: string[];
      setCookie: string;
      userId: string;
    };

const deactivated = () => fail<never>("forbidden", "Your Parley account is deactivated");

export function createLaunches(deps: LaunchDeps) {
  const { audit } = deps;
  const personOf = (platform: Platform, claims: LaunchClaims, staff: boolean) => ({
    platformId: platform.id,
    subject: claims.sub,
    displayName: displayNameOf(claims),
    email: claims.email,
    staff,
  });

  function cookieFor(user: ParleyUser, exerciseId?: string): Promise<string> {
    const session: LaunchSession = {
      userId: user.id,
      name: user.displayName,
      systemRole: systemRoleSchema.parse(user.systemRole),
      ...(exerciseId ? { exerciseId } : {}),
    };
    return sessionSetCookie(session, { secret: deps.sessionSecret, publicUrl: deps.publicUrl });
  }

  async function deepLinking(platform: Platform, claims: LaunchClaims): Promise<Result<LaunchOutcome>> {
    if (courseRoleOf(claims[CLAIM.roles]) !== "instructor")
      return fail("forbidden", "Only an instructor may place a Parley exercise in a course");
    const settings = claims[CLAIM.deepLinking];
    const context = claims[CLAIM.context];
    if (!settings || !context) return fail("invalid_payload", "The deep linking request has no settings or no course");
    if (!settings.accept_types.includes("ltiResourceLink"))
      return fail("invalid_payload", "The platform does not accept links to an activity here");
    const user = await deps.people.resolve(personOf(platform, claims, true));
    if (user.deactivated) return deactivated();
    const ctx = await deps.deepLinks.contextToken(user.id, platform, claims);
    await audit.record({
      action: "lti.deep-link-opened",
      actorUserId: user.id,
      detail: { platform: platform.name, context: context.title ?? context.id },
    });
    // The session is set too, for a picker opened in a window of its own (framed, the browser drops it).
    return ok({
      kind: "picker",
      ctx,
      platformName: platform.name,
      contextTitle: context.title ?? null,
      frameAncestors: platformOrigins(platform, settings.deep_link_return_url),
      setCookie: await cookieFor(user),
      userId: user.id,
    });
  }

  /** The link a resource link launch leads to, checked against the platform and course that launch it. */
  async function linkOf(platform: Platform, claims: LaunchClaims): Promise<Result<ResourceLink>> {
    const resourceLink = claims[CLAIM.resourceLink];
    if (!resourceLink) return fail("invalid_payload", "The launch names no resource link");
    const param = exerciseParamOf(claims);
    const link = param ? await deps.links.forExercise(param) : await deps.links.byResourceLinkId(platform.id, resourceLink.id);
    if (!link || link.platformId !== platform.id)
      return fail("not_found", "This link does not lead to a Parley exercise placed from this platform");
    // A course copied with its links would otherwise send a second class into the first one's exercise.
    if (link.contextId !== claims[CLAIM.context]?.id)
      return fail("forbidden", "This Parley link belongs to another course: place the exercise again in this course");
    return ok(link);
  }

  async function resourceLink(platform: Platform, claims: LaunchClaims): Promise<Result<LaunchOutcome>> {
    const role = courseRoleOf(claims[CLAIM.roles]);
    if (role === "other") return fail("forbidden", "Your course role gives no access to Parley exercises");
    const found = await linkOf(platform, claims);
    if (!found.ok) return found;
    const link = found.data;
    const exercise = await deps.exercises.find(link.exerciseId);
    if (!exercise) return fail("not_found", "This link does not lead to a Parley exercise placed from this platform");
    const staff = role === "instructor";
    const person = personOf(platform, claims, staff);
    if (exercise.status === "ended" && !staff) {
      // After the end only those who took part come back (to their debrief and assessment).
      const known = await deps.people.find(platform.id, claims.sub);
      const seated = known ? (await deps.seats.state(link.exerciseId, known.id)) === "already" : false;
      if (!seated) return fail("conflict", "This exercise has ended");
    }
    const user = await deps.people.resolve(person);
    if (user.deactivated) return deactivated();
    const ags = claims[CLAIM.ags];
    await deps.links.record(link.id, {
      resourceLinkId: link.resourceLinkId ? undefined : claims[CLAIM.resourceLink]?.id,
      contextTitle: claims[CLAIM.context]?.title,
      lineItemUrl: ags?.lineitem,
      lineItemsUrl: ags?.lineitems,
      membershipsUrl: claims[CLAIM.nrps]?.context_memberships_url,
    });
    const seat = staff ? await deps.seats.facilitator(link.exerciseId, user.id) : await deps.seats.participant(link.exerciseId, user.id);
    await audit.record({
      action: "lti.launch",
      actorUserId: user.id,
      exerciseId: link.exerciseId,
      target: user.id,
      detail: { platform: platform.name, as: staff ? "instructor" : "learner", seat },
    });
    const running = exercise.status === "running" || exercise.status === "paused";
    const path = staff && running ? `/exercises/${link.exerciseId}/console` : `/exercises/${link.exerciseId}`;
    return ok({
      kind: "redirect",
      redirectTo: `${deps.publicUrl}${path}`,
      setCookie: await cookieFor(user, link.exerciseId),
      userId: user.id,
    });
  }

  return {
    /** The id token and state a platform posted to the launch URL. */
    async launch(raw: unknown): Promise<Result<LaunchOutcome>> {
      const verified = await verifyLaunch(deps, raw);
      if (!verified.ok) return verified;
      const { platform, claims } = verified.data;
      const outcome =
        claims[CLAIM.messageType] === "LtiDeepLinkingRequest" ? await deepLinking(platform, claims) : await resourceLink(platform, claims);
      // A genuine launch Parley turned away: the platform's administrators may need to know why.
      if (!outcome.ok)
        await audit.record({
          action: "lti.launch-refused",
          detail: { platform: platform.name, subject: claims.sub, reason: outcome.message },
        });
      return outcome;
    },
  };
}
export type Launches = ReturnType<typeof createLaunches>;
