// Facilitators (and observers, when allowed) read backchannels only by opening them.
// Every opening is written to the audit log and the exercise log, in one transaction,
// before any of the channel's content is sent; from then on the person receives the
// channel live (the visibility module reads the openings) until their right ends.
import type { HistoryPage } from "../../lib/contract/events";
import { fail, ok, type Result } from "../../lib/contract/result";
import type { Actor } from "../domain/authorization";
import { applyOversight, openerCapacity } from "../domain/oversight";
import { oversees, seatOf } from "../domain/visibility";
import { HISTORY_PAGE, toDto, type RoomCore, type RoomDeps } from "./room-core";
import type { ExerciseRoom } from "./exercise-room";

export function createOversight(deps: RoomDeps, core: RoomCore) {
  /** One page of a backchannel's history, as the reader's viewer allows (which includes it once opened). */
  async function channelPage(r: ExerciseRoom, actor: Actor, channelId: string, afterSeq: number): Promise<HistoryPage> {
    const viewer = await core.viewerFor(r, seatOf(actor), actor.userId);
    const events = await deps.log.after(r.exerciseId, afterSeq, viewer, HISTORY_PAGE + 1, channelId);
    return { events: events.slice(0, HISTORY_PAGE).map(toDto), more: events.length > HISTORY_PAGE };
  }

  return {
    /** Opens a backchannel for reading: audited, then the first page of its history. */
    async open(actor: Actor, name: string, exerciseId: string, channelId: string): Promise<Result<HistoryPage>> {
      return core.command({
        actor,
        exerciseId,
        key: null,
        run: async (r) => {
          const capacity = openerCapacity(seatOf(actor), r.settings.observersSeeBackchannels);
          if (!capacity) return fail("forbidden", "Only the facilitator may read backchannels");
          const channel = r.channels.get(channelId);
          if (!channel || channel.kind !== "backchannel") return fail("not_found", "No such backchannel");
          await core.commit(
            r,
            {
              exerciseId,
              type: "oversight.opened",
              actor: { userId: actor.userId },
              visibility: { kind: "staff" },
              payload: { channelId, channelName: channel.name, reader: name, seat: capacity },
            },
            async (tx) => {
              await tx.auditEntry.create({
                data: {
                  exerciseId,
                  actorUserId: actor.userId,
                  action: "backchannel.read",
                  target: channelId,
                  detail: JSON.stringify({ channelName: channel.name, seat: capacity }),
                },
              });
            },
            () => applyOversight(r.overseers, { kind: "opened", userId: actor.userId, channelId, as: capacity }),
          );
          return ok(await channelPage(r, actor, channelId, 0));
        },
      });
    },

    /** The next page of an opened backchannel's history. */
    async history(actor: Actor, exerciseId: string, channelId: string, afterSeq: number): Promise<Result<HistoryPage>> {
      const r = await core.room(exerciseId);
      if (!r) return fail("not_found", "No such exercise");
      if (!oversees(r, seatOf(actor), actor.userId, channelId)) return fail("forbidden", "Open the backchannel first (oversight:open)");
      return ok(await channelPage(r, actor, channelId, afterSeq));
    },
  };
}
export type Oversight = ReturnType<typeof createOversight>;
