// Live negotiation use cases: joining with catch-up, sending messages, and backchannels.
// Each runs under its exercise's lock: check the rules against live state, append to
// the log (projections in the same transaction), update live state, then publish.
import { randomUUID } from "node:crypto";
import type { EventDto, JoinedExercise } from "../../lib/contract/events";
import { fail, ok, type Result } from "../../lib/contract/result";
import { decide, roleOf, type Actor } from "../domain/authorization";
import {
  checkBackchannel,
  checkLeave,
  checkRespond,
  checkSend,
  closesAfterLeave,
  type ChannelState,
} from "../domain/channel-rules";
import type { LoggedEvent } from "../domain/exercise-log";
import type { ExerciseLock } from "../scale/exercise-lock";
import type { RateLimiter } from "../auth/rate-limit";
import type { ExerciseLogRepository } from "../storage/exercise-log.repository";
import type { ChannelRepository } from "../storage/channel.repository";
import type { RoomRepository } from "../storage/room.repository";
import type { AgreementRepository } from "../storage/agreement.repository";
import type { ExerciseRoom } from "./exercise-room";
import type { RoomCore } from "./room-core";

/** Who receives an event live; mirrors its visibility in the log. */
export interface Audience {
  everyone: boolean;
  roles: string[];
  staff: boolean;
  observers: boolean;
  /** A backchannel whose overseers (staff who opened it) receive the event. */
  oversightChannel?: string;
}

export interface Broadcaster {
  event(exerciseId: string, audience: Audience, event: EventDto): void;
  /** Tell these roles (and staff) that their channel list changed. */
  channels(room: ExerciseRoom, roles: string[]): void;
}

export interface RoomDeps {
  log: ExerciseLogRepository;
  rooms: RoomRepository;
  agreements: AgreementRepository;
  channels: ChannelRepository;
  broadcaster: Broadcaster;
  /** Messages per participant per window. */
  messageLimiter: RateLimiter;
  /** Exclusive access across nodes; a single process needs none. */
  lock?: ExerciseLock;
}

export interface Seat {
  staff: boolean;
  observer: boolean;
  roleKey?: string;
}

export function seatOf(actor: Actor): Seat {
  const roleKey = roleOf(actor);
  return {
    staff: decide(actor, "exercise:oversee").allowed,
    observer: actor.seats.some((s) => s.seat === "observer"),
    ...(roleKey ? { roleKey } : {}),
  };
}

export function toDto(event: LoggedEvent): EventDto {
  return {
    seq: event.seq,
    type: event.type,
    at: event.createdAt.toISOString(),
    actor: { ...event.actor },
    ...(event.visibility.kind === "channel" ? { channelId: event.visibility.channelId } : {}),
    payload: event.payload,
  };
}

export function createRoomService(deps: RoomDeps, core: RoomCore) {
  const { log, rooms, broadcaster } = deps;
  const { room, commit, viewerFor } = core;

  const actorRef = (actor: Actor, seat: Seat, name: string) => ({
    userId: actor.userId,
    ...(seat.roleKey ? { roleKey: seat.roleKey } : {}),
    name,
  });

  return {
    room,

    /**
     * Seats a socket in the exercise's live rooms (`attach`) and returns everything after
     * `afterSeq` this viewer may see. Both happen under the lock, so nothing published in
     * between is missed or delivered twice.
     */
    async join(actor: Actor, exerciseId: string, afterSeq: number, attach: (seat: Seat) => void): Promise<Result<JoinedExercise>> {
      if (!decide(actor, "exercise:view").allowed) return fail("forbidden", "You are not part of this exercise");
      const r = await room(exerciseId);
      if (!r) return fail("not_found", "No such exercise");
      const seat = seatOf(actor);
      return r.exclusive(async () => {
        attach(seat);
        const viewer = await viewerFor(exerciseId, seat, r);
        const events = await log.after(exerciseId, afterSeq, viewer, 5000);
        return ok({
          exerciseId,
          status: r.status,
          phaseIndex: r.phaseIndex,
          clock: r.clock,
          serverTime: Date.now(),
          observersSeeBackchannels: r.settings.observersSeeBackchannels,
          ...(seat.roleKey ? { roleKey: seat.roleKey } : {}),
          staff: seat.staff,
          lastSeq: await log.lastSeq(exerciseId),
          channels: r.channelsFor(seat),
          events: events.map(toDto),
        });
      });
    },

    async send(actor: Actor, name: string, input: { exerciseId: string; channelId: string; body: string; clientKey: string }) {
      const r = await room(input.exerciseId);
      if (!r) return fail<{ seq: number; at: string }>("not_found", "No such exercise");
      const seat = seatOf(actor);
      if (!seat.staff && !seat.roleKey) return fail<{ seq: number; at: string }>("forbidden", "You need a role before you can speak");
      return r.exclusive(async (): Promise<Result<{ seq: number; at: string }>> => {
        const check = checkSend({ scenario: r.scenario, status: r.status, phaseIndex: r.phaseIndex, speaker: seat, channel: r.channels.get(input.channelId), body: input.body });
        if (!check.ok) return fail(check.code, check.message);
        if (!(await deps.messageLimiter.hit(actor.userId))) return fail("rate_limited", "You are sending too fast; wait a few seconds");
        const { event } = await commit(
          r,
          {
            exerciseId: input.exerciseId,
            type: "message.sent",
            actor: actorRef(actor, seat, name),
            visibility: { kind: "channel", channelId: input.channelId },
            payload: { body: input.body, authorName: name, roleName: seat.staff ? "Facilitator" : r.roleName(seat.roleKey) },
            idempotencyKey: `msg:${actor.userId}:${input.clientKey}`,
          },
          { message: { channelId: input.channelId, authorUserId: actor.userId, ...(seat.roleKey ? { roleKey: seat.roleKey } : {}), body: input.body } },
          () => undefined,
        );
        return ok({ seq: event.seq, at: event.createdAt.toISOString() });
      });
    },

    async openBackchannel(actor: Actor, name: string, input: { exerciseId: string; roles: string[]; title?: string; clientKey: string }, convene: boolean) {
      const r = await room(input.exerciseId);
      if (!r) return fail<{ channelId: string }>("not_found", "No such exercise");
      const seat = seatOf(actor);
      return r.exclusive(async (): Promise<Result<{ channelId: string }>> => {
        const invited = [...new Set(input.roles)].filter((k) => k !== seat.roleKey);
        const check = checkBackchannel({ scenario: r.scenario, status: r.status, phaseIndex: r.phaseIndex, roleKey: seat.roleKey, invited }, convene);
        if (!check.ok) return fail(check.code, check.message);
        const requester = seat.roleKey ?? "";
        const involved = [requester, ...invited];
        const title = input.title?.trim() || involved.map((k) => r.roleName(k)).join(" · ");
        // The id is chosen up front so that the event names its channel (and a retried
        // request, recognised by its key, answers with the channel the first one made).
        const channelId = randomUUID();
        const { event } = await commit(
          r,
          {
            exerciseId: input.exerciseId,
            type: convene ? "backchannel.convened" : "backchannel.requested",
            actor: actorRef(actor, seat, name),
            visibility: { kind: "roles", roles: involved },
            payload: { channelId, title, roles: involved, requestedBy: requester },
            idempotencyKey: `bc:${actor.userId}:${input.clientKey}`,
          },
          async (tx, seq) => {
            await rooms.createChannel(tx, { id: channelId, exerciseId: input.exerciseId, kind: "backchannel", name: title, requestedBy: requester, seq });
            await rooms.addMembers(tx, channelId, convene ? involved : [requester], seq);
            if (!convene) await rooms.invite(tx, channelId, invited, seq);
          },
          () => {
            r.channels.set(channelId, {
              id: channelId,
              kind: "backchannel",
              name: title,
              members: new Set(convene ? involved : [requester]),
              pending: new Set(convene ? [] : invited),
              everMembers: new Set(convene ? involved : [requester]),
              requestedBy: requester,
              closed: false,
            });
            broadcaster.channels(r, involved);
          },
        );
        return ok({ channelId: (event.payload as { channelId: string }).channelId });
      });
    },

    async respond(actor: Actor, name: string, input: { exerciseId: string; channelId: string; accept: boolean; clientKey: string }) {
      const r = await room(input.exerciseId);
      if (!r) return fail<{ channelId: string }>("not_found", "No such exercise");
      const seat = seatOf(actor);
      return r.exclusive(async (): Promise<Result<{ channelId: string }>> => {
        const channel = r.channels.get(input.channelId);
        const check = checkRespond(channel, seat.roleKey, r.status);
        if (!check.ok || !channel || !seat.roleKey) return check.ok ? fail("not_found", "No such backchannel") : fail(check.code, check.message);
        const roleKey = seat.roleKey;
        const involved = [...new Set([...channel.members, ...channel.pending])];
        const closes = !input.accept && closesWithout(channel, roleKey);
        await commit(
          r,
          {
            exerciseId: input.exerciseId,
            type: input.accept ? "backchannel.accepted" : "backchannel.declined",
            actor: actorRef(actor, seat, name),
            visibility: { kind: "roles", roles: involved },
            payload: { channelId: channel.id, roleKey, closed: closes },
            idempotencyKey: `bc:${actor.userId}:${input.clientKey}`,
          },
          async (tx, seq) => {
            await rooms.answerInvite(tx, channel.id, roleKey, input.accept, seq);
            if (input.accept) await rooms.addMembers(tx, channel.id, [roleKey], seq);
            if (closes) await rooms.closeChannel(tx, channel.id, seq);
          },
          () => {
            channel.pending.delete(roleKey);
            if (input.accept) {
              channel.members.add(roleKey);
              channel.everMembers.add(roleKey);
            }
            if (closes) {
              channel.closed = true;
              channel.members.clear();
            }
            broadcaster.channels(r, involved);
          },
        );
        return ok({ channelId: channel.id });
      });
    },

    async leave(actor: Actor, name: string, input: { exerciseId: string; channelId: string; clientKey: string }) {
      const r = await room(input.exerciseId);
      if (!r) return fail<{ channelId: string }>("not_found", "No such exercise");
      const seat = seatOf(actor);
      return r.exclusive(async (): Promise<Result<{ channelId: string }>> => {
        const channel = r.channels.get(input.channelId);
        const check = checkLeave(channel, seat.roleKey);
        if (!check.ok || !channel || !seat.roleKey) return check.ok ? fail("not_found", "No such backchannel") : fail(check.code, check.message);
        const roleKey = seat.roleKey;
        const involved = [...new Set([...channel.members, ...channel.pending])];
        const closes = closesAfterLeave(channel, roleKey);
        await commit(
          r,
          {
            exerciseId: input.exerciseId,
            type: "backchannel.left",
            actor: actorRef(actor, seat, name),
            visibility: { kind: "roles", roles: involved },
            payload: { channelId: channel.id, roleKey, closed: closes },
            idempotencyKey: `bc:${actor.userId}:${input.clientKey}`,
          },
          async (tx, seq) => {
            await rooms.endMembership(tx, channel.id, roleKey, seq);
            if (closes) await rooms.closeChannel(tx, channel.id, seq);
          },
          () => {
            channel.members.delete(roleKey);
            if (closes) {
              channel.closed = true;
              channel.members.clear();
              channel.pending.clear();
            }
            broadcaster.channels(r, involved);
          },
        );
        return ok({ channelId: channel.id });
      });
    },
  };
}

/** Declining leaves the channel alive only if two roles could still be in it. */
function closesWithout(channel: ChannelState, roleKey: string): boolean {
  const pendingAfter = [...channel.pending].filter((r) => r !== roleKey).length;
  return channel.members.size + pendingAfter < 2;
}

export type RoomService = ReturnType<typeof createRoomService>;
