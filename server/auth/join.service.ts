// Participants join without an account: a valid join code and a display name give them
// an identity bound to that one exercise. Wrong codes are throttled per client address.
import { z } from "zod";
import type { Db } from "../db/client";
import type { RateLimiter } from "./rate-limit";
import { joinCodeSchema } from "./join-code";
/** How many roles a stored scenario has (stored definitions were validated when saved). */
const rolesOf = (definition: string) => z.object({ roles: z.array(z.unknown()) }).parse(JSON.parse(definition)).roles.length;

export const joinInputSchema = z.object({
  code: joinCodeSchema,
  displayName: z.string().trim().min(1, "enter the name others will see").max(60, "keep the name under 60 characters"),
});
export type JoinInput = z.input<typeof joinInputSchema>;

export type JoinResult =
  | { ok: true; user: { id: string; displayName: string; exerciseId: string } }
  | { ok: false; code: "invalid_payload" | "not_found" | "rate_limited" | "full"; message: string; retryAfterS?: number };

const JOINABLE = ["lobby", "running", "paused"];

const throttled = (wait: number): JoinResult => ({
  ok: false,
  code: "rate_limited",
  message: `Too many wrong codes. Try again in ${wait} s.`,
  retryAfterS: wait,
});

/** People one code admits per scenario role, unless configured otherwise (PARTICIPANTS_PER_ROLE). */
export const DEFAULT_PARTICIPANTS_PER_ROLE = 4;

export function createJoinService(db: Db, limiter: RateLimiter, participantsPerRole = DEFAULT_PARTICIPANTS_PER_ROLE) {
  // The limiter's own verdict on the hit decides, so that wrong codes sent in parallel
  // (all past the retryAfter check before any is counted) cannot exceed the limit.
  async function refuse(clientKey: string, answer: JoinResult): Promise<JoinResult> {
    if (await limiter.hit(clientKey)) return answer;
    return throttled(Math.max(1, await limiter.retryAfter(clientKey)));
  }

  return {
    async join(raw: unknown, clientKey: string): Promise<JoinResult> {
      const wait = await limiter.retryAfter(clientKey);
      if (wait > 0) return throttled(wait);
      const input = joinInputSchema.safeParse(raw);
      if (!input.success) {
        return refuse(clientKey, { ok: false, code: "invalid_payload", message: input.error.issues[0]?.message ?? "check the code and name" });
      }
      const exercise = await db.exercise.findFirst({
        where: { joinCode: input.data.code, status: { in: JOINABLE } },
        select: { id: true, scenario: { select: { definition: true } } },
      });
      if (!exercise) return refuse(clientKey, { ok: false, code: "not_found", message: "No open exercise has that code." });
      // A valid code is not an open door: an exercise admits so many people per role.
      const cap = rolesOf(exercise.scenario.definition) * participantsPerRole;
      const seated = await db.roleAssignment.count({ where: { exerciseId: exercise.id, seat: "participant", removedAt: null } });
      if (seated >= cap) return { ok: false, code: "full", message: `This exercise is full (${cap} participants). Ask your facilitator.` };
      const user = await db.$transaction(async (tx) => {
        const created = await tx.user.create({
          data: { displayName: input.data.displayName, systemRole: "participant", exerciseId: exercise.id },
        });
        await tx.roleAssignment.create({ data: { exerciseId: exercise.id, userId: created.id, seat: "participant" } });
        return created;
      });
      return { ok: true, user: { id: user.id, displayName: user.displayName, exerciseId: exercise.id } };
    },
  };
}
export type JoinService = ReturnType<typeof createJoinService>;
