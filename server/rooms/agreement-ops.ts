// What every agreement command shares (drafting, signing, votes): its room, role and
// agreement under the room lock, once per client key, and its events' address, the
// agreement's channel.
import { fail, type Result } from "../../lib/contract/result";
import { roleOf, type Actor } from "../domain/authorization";
import type { LoggedEvent, NewEvent } from "../domain/exercise-log";
import type { LogEvent } from "../../lib/contract/log-events";
import type { AgreementState } from "../storage/agreement.repository";
import type { ExerciseRoom } from "./exercise-room";
import type { RoomCore, RoomDeps } from "./room-core";

type Done<T> = Promise<Result<T>>;
export type AgreementEvent = Extract<LogEvent, { type: `agreement.${string}` }>;

export function agreementOps(_deps: RoomDeps, core: RoomCore) {
  /**
   * Runs a participant's agreement operation with its room, role and the agreement. With
   * a client key, a resend after a lost ack gets `replay` of what was recorded; `task`
   * receives the key for its first commit.
   */
  async function withAgreement<T>(
    actor: Actor,
    input: { exerciseId: string; agreementId: string; clientKey?: string | undefined; key?: string },
    replay: (event: LoggedEvent, a: AgreementState | undefined) => Result<T>,
    task: (r: ExerciseRoom, roleKey: string, a: AgreementState, key: string | undefined) => Done<T>,
  ): Done<T> {
    const roleKey = roleOf(actor);
    if (!roleKey) return fail("forbidden", "Only delegations draft and sign agreements");
    return core.command({
      actor,
      exerciseId: input.exerciseId,
      clientKey: input.clientKey,
      ...(input.key ? { key: input.key } : {}),
      replay: (r, event) => replay(event, r.agreements.get(input.agreementId)),
      run: async (r, key) => {
        const a = r.agreements.get(input.agreementId);
        // An agreement in a channel you are not in does not exist for you.
        if (!a || !r.channels.get(a.channelId)?.members.has(roleKey)) return fail("not_found", "No such agreement");
        if (r.status !== "running") return fail("exercise_not_running", "The exercise is not running");
        return task(r, roleKey, a, key);
      },
    });
  }

  /** An agreement event, addressed to the channel the agreement is in. */
  function event(
    r: ExerciseRoom,
    a: AgreementState,
    actor: Actor,
    roleKey: string,
    body: AgreementEvent,
    idempotencyKey?: string,
  ): NewEvent {
    return {
      ...body,
      exerciseId: r.exerciseId,
      actor: { userId: actor.userId, roleKey },
      visibility: { kind: "channel", channelId: a.channelId },
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
  }

  return { withAgreement, event };
}
export type AgreementOps = ReturnType<typeof agreementOps>;
