// Participants join without an account: a valid join code and a display name give them
// an identity bound to that one exercise. Wrong codes slow their address down
// (join-backoff.ts) and, when nearly an open exercise's code, alarm its staff (join-alarm.ts).
import { z } from "zod";
import type { Db } from "../db/client";
import type { JoinBackoff } from "./join-backoff";
import { createNearMissCounter, isNearMiss, JOIN_ALARM_WINDOW_MS, normalizeTyped, type JoinAlarmListener } from "./join-alarm";
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
  message: `Too many wrong codes from your network. Try again in ${wait} s.`,
  retryAfterS: wait,
});

/** People one code admits per scenario role, unless configured otherwise (PARTICIPANTS_PER_ROLE). */
export const DEFAULT_PARTICIPANTS_PER_ROLE = 4;

export interface JoinServiceOptions {
  backoff: JoinBackoff;
  participantsPerRole?: number;
  /** Told when a wrong code was nearly an open exercise's code (that exercise's staff hear it). */
  onAlarm?: JoinAlarmListener;
  now?: () => number;
}

export function createJoinService(db: Db, options: JoinServiceOptions) {
  const { backoff, participantsPerRole = DEFAULT_PARTICIPANTS_PER_ROLE, onAlarm } = options;
  const nearMisses = createNearMissCounter(options.now);

  /** A wrong (or refused) code close to an open exercise's code raises that exercise's alarm. */
  async function watch(raw: unknown, clientKey: string): Promise<void> {
    if (!onAlarm) return;
    const typed = z.object({ code: z.string().max(40) }).safeParse(raw);
    if (!typed.success) return;
    const code = normalizeTyped(typed.data.code);
    const open = await db.exercise.findMany({
      where: { status: { in: JOINABLE }, joinCode: { not: null } },
      select: { id: true, joinCode: true },
    });
    const near = open.filter((e) => e.joinCode !== null && isNearMiss(code, e.joinCode));
    if (near.length === 0) return;
    const slowedForS = await backoff.waitOf(clientKey);
    for (const e of near) onAlarm(e.id, { nearMisses: nearMisses.record(e.id), windowMinutes: JOIN_ALARM_WINDOW_MS / 60_000, slowedForS });
  }

  async function wrong(raw: unknown, clientKey: string, answer: JoinResult): Promise<JoinResult> {
    await watch(raw, clientKey);
    return answer;
  }

  return {
    async join(raw: unknown, clientKey: string): Promise<JoinResult> {
      // The turn is taken before the code is looked up, so that codes sent all at once
      // cannot test more codes than the backoff allows; a right code gives it back.
      const turn = await backoff.take(clientKey);
      if (!turn.ok) return wrong(raw, clientKey, throttled(turn.retryAfterS));
      const input = joinInputSchema.safeParse(raw);
      if (!input.success) {
        return wrong(raw, clientKey, {
          ok: false,
          code: "invalid_payload",
          message: input.error.issues[0]?.message ?? "check the code and name",
        });
      }
      const exercise = await db.exercise.findFirst({
        where: { joinCode: input.data.code, status: { in: JOINABLE } },
        select: { id: true, scenario: { select: { definition: true } } },
      });
      if (!exercise) return wrong(raw, clientKey, { ok: false, code: "not_found", message: "No open exercise has that code." });
      await backoff.refund(clientKey);
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
