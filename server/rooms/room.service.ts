// Live negotiation use cases: joining with catch-up, sending messages, and backchannels.
// Each runs under its exercise's lock: check the rules against live state, append to
// the log (projections in the same transaction), update live state, then publish.
import { randomUUID } from "node:crypto";
import type { JoinedExercise, HistoryPage } from "../../lib/contract/events";
import { fail, ok, type Result } from "../../lib/contract/result";
import type { ExerciseRoom } from "./exercise-room";
import { decide, type Actor } from "../domain/authorization";
import type { LoggedEvent } from "../domain/exercise-log";
import { checkBackchannel, checkLeave, checkRespond, checkSend, closesAfterLeave, type ChannelState } from "../domain/channel-rules";
import { openedBy, seatOf, typingAudience, type Recipients, type Seat } from "../domain/visibility";
import { HISTORY_PAGE, toDto, type RoomCore, type RoomDeps } from "./room-core";
import { clauseThreadProblem } from "../domain/agreement-rules";

export function createRoomService(deps: RoomDeps, core: RoomCore) {
  const { log, rooms } = deps;
  const { room, commit, viewerFor } = core;
  const viewGuard = { action: "exercise:view", refusal: "You are not part of this exercise" } as const;

  /** One page of what this seat may see after `afterSeq`; `more` when another page follows. */
  async function page(r: ExerciseRoom, seat: Seat, userId: string, afterSeq: number): Promise<HistoryPage> {
    const viewer = await viewerFor(r, seat, userId);
    const events = await log.after(r.exerciseId, afterSeq, viewer, HISTORY_PAGE + 1);
    const more = events.length > HISTORY_PAGE;
    return { events: events.slice(0, HISTORY_PAGE).map(toDto), more };
  }

  const actorRef = (actor: Actor, seat: Seat, name: string) => ({
    userId: actor.userId,
    ...(seat.roleKey ? { roleKey: seat.roleKey } : {}),
    name,
  });

  return {
    room,

    /**
     * Seats a socket in the exercise (`attach`: its user's delivery address) and returns
     * the first page of everything after `afterSeq` this viewer may see. Both happen
     * under the lock, so nothing published in between is missed or delivered twice; the
     * roster entry refreshed here is what live delivery decides from.
     */
    async join(
      actor: Actor,
      name: string,
      exerciseId: string,
      afterSeq: number,
      attach: (seat: Seat) => void,
    ): Promise<Result<JoinedExercise>> {
      const seat = seatOf(actor);
      return core.command({
        actor,
        exerciseId,
        guard: viewGuard,
        key: null,
        run: async (r) => {
          const before = r.roster.get(actor.userId);
          r.seat(actor.userId, seat);
          attach(seat);
          // Someone new in the room (a participant who just joined with the code): everyone's roster shows them.
          if (!before) await core.publishRoster(r);
          const first = await page(r, seat, actor.userId, afterSeq);
          return ok({
            exerciseId,
            status: r.status,
            phaseIndex: r.phaseIndex,
            clock: r.clock,
            serverTime: Date.now(),
            observersSeeBackchannels: r.settings.observersSeeBackchannels,
            chairVoice: r.settings.chairVoice,
            ...(seat.roleKey ? { roleKey: seat.roleKey } : {}),
            staff: seat.staff,
            lastSeq: await log.lastSeq(exerciseId),
            channels: r.channelsFor(seat),
            opened: openedBy(r, seat, actor.userId),
            you: { userId: actor.userId, name },
            roster: await core.rosterFor(exerciseId, seat),
            events: first.events,
            more: first.more,
          });
        },
      });
    },

    /** The next page of a catch-up, for the seat the person holds now. */
    async history(actor: Actor, exerciseId: string, afterSeq: number): Promise<Result<HistoryPage>> {
      const r = await room(exerciseId);
      if (!r) return fail("not_found", "No such exercise");
      if (!decide(actor, "exercise:view").allowed) return fail("forbidden", "You are not part of this exercise");
      return ok(await page(r, seatOf(actor), actor.userId, afterSeq));
    },

    /** Who may see that this person is typing in a channel; null when they may not type there. */
    async typing(actor: Actor, exerciseId: string, channelId: string): Promise<Recipients | null> {
      const r = await room(exerciseId);
      const seat = seatOf(actor);
      const channel = r?.channels.get(channelId);
      if (!r || !seat.roleKey || !channel?.members.has(seat.roleKey)) return null;
      return typingAudience(channelId, r.roster, r, r.viewers);
    },

    async send(
      actor: Actor,
      name: string,
      input: {
        exerciseId: string;
        channelId: string;
        body: string;
        clientKey: string;
        clause?: { agreementId: string; clauseKey: string } | undefined;
      },
    ) {
      const seat = seatOf(actor);
      if (!seat.staff && !seat.roleKey) return fail<{ seq: number; at: string }>("forbidden", "You need a role before you can speak");
      // A resend commits as a duplicate of the stored message and answers with it.
      return core.command({
        actor,
        exerciseId: input.exerciseId,
        key: null,
        run: async (r): Promise<Result<{ seq: number; at: string }>> => {
          const check = checkSend({
            scenario: r.scenario,
            status: r.status,
            phaseIndex: r.phaseIndex,
            speaker: seat,
            channel: r.channels.get(input.channelId),
            body: input.body,
            chairVoice: r.settings.chairVoice,
          });
          if (!check.ok) return fail(check.code, check.message);
          const thread = input.clause
            ? clauseThreadProblem(r.agreements.get(input.clause.agreementId), input.channelId, input.clause.clauseKey)
            : null;
          if (thread) return fail("not_found", thread);
          if (!(await deps.messageLimiter.hit(actor.userId))) return fail("rate_limited", "You are sending too fast; wait a few seconds");
          const { event } = await commit(
            r,
            {
              exerciseId: input.exerciseId,
              type: "message.sent",
              actor: actorRef(actor, seat, name),
              visibility: { kind: "channel", channelId: input.channelId },
              payload: {
                body: input.body,
                authorName: name,
                roleName: seat.staff ? "Facilitator" : r.roleName(seat.roleKey),
                clientKey: input.clientKey,
                ...(input.clause ? { clause: input.clause } : {}),
              },
              idempotencyKey: `msg:${actor.userId}:${input.clientKey}`,
            },
            null,
            null,
          );
          return ok({ seq: event.seq, at: event.createdAt.toISOString() });
        },
      });
    },

    async openBackchannel(
      actor: Actor,
      name: string,
      input: { exerciseId: string; roles: string[]; title?: string; clientKey: string },
      convene: boolean,
    ) {
      const seat = seatOf(actor);
      const key = `bc:${actor.userId}:${input.clientKey}`;
      // A resend of a request that was recorded gets the first answer, whatever changed since.
      const replay = (_r: ExerciseRoom, before: LoggedEvent): Result<{ channelId: string }> =>
        before.type === "backchannel.requested" || before.type === "backchannel.convened"
          ? ok({ channelId: before.payload.channelId })
          : fail("conflict", "The request was recorded as another event");
      return core.command({
        actor,
        exerciseId: input.exerciseId,
        key,
        replay,
        run: async (r): Promise<Result<{ channelId: string }>> => {
          const invited = [...new Set(input.roles)].filter((k) => k !== seat.roleKey);
          const check = checkBackchannel(
            { scenario: r.scenario, status: r.status, phaseIndex: r.phaseIndex, roleKey: seat.roleKey, invited },
            convene,
          );
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
              idempotencyKey: key,
            },
            async (tx, seq) => {
              await rooms.createChannel(tx, {
                id: channelId,
                exerciseId: input.exerciseId,
                kind: "backchannel",
                name: title,
                requestedBy: requester,
                seq,
              });
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
              core.publishChannels(r, involved);
            },
          );
          // A retried request answers with the channel the first one made.
          return replay(r, event);
        },
      });
    },

    async respond(actor: Actor, name: string, input: { exerciseId: string; channelId: string; accept: boolean; clientKey: string }) {
      const seat = seatOf(actor);
      const key = `bc:${actor.userId}:${input.clientKey}`;
      return core.command({
        actor,
        exerciseId: input.exerciseId,
        key,
        replay: () => ok({ channelId: input.channelId }),
        run: async (r): Promise<Result<{ channelId: string }>> => {
          const channel = r.channels.get(input.channelId);
          const check = checkRespond(channel, seat.roleKey, r.status);
          if (!check.ok || !channel || !seat.roleKey)
            return check.ok ? fail("not_found", "No such backchannel") : fail(check.code, check.message);
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
              idempotencyKey: key,
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
              core.publishChannels(r, involved);
            },
          );
          return ok({ channelId: channel.id });
        },
      });
    },

    async leave(actor: Actor, name: string, input: { exerciseId: string; channelId: string; clientKey: string }) {
      const seat = seatOf(actor);
      const key = `bc:${actor.userId}:${input.clientKey}`;
      return core.command({
        actor,
        exerciseId: input.exerciseId,
        key,
        replay: () => ok({ channelId: input.channelId }),
        run: async (r): Promise<Result<{ channelId: string }>> => {
          const channel = r.channels.get(input.channelId);
          const check = checkLeave(channel, seat.roleKey);
          if (!check.ok || !channel || !seat.roleKey)
            return check.ok ? fail("not_found", "No such backchannel") : fail(check.code, check.message);
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
              idempotencyKey: key,
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
              core.publishChannels(r, involved);
            },
          );
          return ok({ channelId: channel.id });
        },
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
