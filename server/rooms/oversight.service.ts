// Facilitators (and observers, when allowed) read backchannels only by opening them.
// Every opening is written to the audit log and the exercise log, in one transaction,
// before any of the channel's content is sent.
import type { EventDto } from "../../lib/contract/events";
import { fail, ok, type Result } from "../../lib/contract/result";
import { decide, type Actor } from "../domain/authorization";
import type { RoomCore } from "./room-core";
import { toDto, type RoomDeps } from "./room.service";

export type OversightDeps = RoomDeps;

export function createOversight(deps: OversightDeps, core: RoomCore) {
  return {
    /** Opens a backchannel for reading: audited, then its history; `attach` subscribes the socket. */
    async open(actor: Actor, name: string, exerciseId: string, channelId: string, attach: () => void): Promise<Result<{ events: EventDto[] }>> {
      const r = await core.room(exerciseId);
      if (!r) return fail("not_found", "No such exercise");
      const staff = decide(actor, "exercise:oversee").allowed;
      const observer = actor.seats.some((s) => s.seat === "observer");
      if (!staff && !(observer && r.settings.observersSeeBackchannels)) return fail("forbidden", "Only the facilitator may read backchannels");
      return r.exclusive(async () => {
        const channel = r.channels.get(channelId);
        if (!channel || channel.kind !== "backchannel") return fail("not_found", "No such backchannel");
        await core.commit(
          r,
          {
            exerciseId,
            type: "oversight.opened",
            actor: { userId: actor.userId },
            visibility: { kind: "staff" },
            payload: { channelId, channelName: channel.name, reader: name, seat: staff ? "facilitator" : "observer" },
          },
          async (tx) => {
            await tx.auditEntry.create({
              data: { exerciseId, actorUserId: actor.userId, action: "backchannel.read", target: channelId, detail: JSON.stringify({ channelName: channel.name }) },
            });
          },
          () => undefined,
        );
        attach();
        const events = await deps.log.after(exerciseId, 0, { kind: "staff" }, 5000);
        return ok({ events: events.filter((e) => e.visibility.kind === "channel" && e.visibility.channelId === channelId).map(toDto) });
      });
    },
  };
}
export type Oversight = ReturnType<typeof createOversight>;
