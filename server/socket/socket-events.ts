// Every acknowledged socket event in one table: its schema (lib/contract/events.ts),
// whether the socket must have joined the exercise first, and the use case it calls.
// The transport builds the actor from the session and the database, never the payload.
import type { z } from "zod";
import { type clientEvents, type ClientEventName, type ClientToServerEvents } from "../../lib/contract/events";
import { ok, type Result } from "../../lib/contract/result";
import type { SessionUser } from "../auth/session-token";
import type { Actor } from "../domain/authorization";
import type { Seat } from "../domain/visibility";
import type { LiveRooms } from "../rooms/live-rooms";

export type AckedEvent = Exclude<ClientEventName, "typing:set">;
type AckData<E extends AckedEvent> = Parameters<ClientToServerEvents[E]>[1] extends (result: Result<infer T>) => void ? T : never;

export interface EventContext {
  live: LiveRooms;
  user: SessionUser;
  now: () => number;
  actor(exerciseId: string): Promise<Actor>;
  /** Seats this socket in an exercise: its delivery addresses and its presence. */
  attach(exerciseId: string, seat: Seat): void;
}

export interface EventEntry<E extends AckedEvent> {
  joined: boolean;
  run(ctx: EventContext, input: z.output<(typeof clientEvents)[E]>): Promise<Result<AckData<E>>> | Result<AckData<E>>;
}

export const socketEvents: { [E in AckedEvent]: EventEntry<E> } = {
  "system:ping": { joined: false, run: (ctx, { sentAt }) => ok({ sentAt, serverTime: ctx.now() }) },
  "exercise:join": {
    joined: false,
    run: async (ctx, { exerciseId, afterSeq }) =>
      ctx.live.rooms.join(await ctx.actor(exerciseId), ctx.user.name, exerciseId, afterSeq, (seat) => ctx.attach(exerciseId, seat)),
  },
  "exercise:history": {
    joined: true,
    run: async (ctx, { exerciseId, afterSeq }) => ctx.live.rooms.history(await ctx.actor(exerciseId), exerciseId, afterSeq),
  },
  "message:send": { joined: true, run: async (ctx, input) => ctx.live.rooms.send(await ctx.actor(input.exerciseId), ctx.user.name, input) },
  "backchannel:request": {
    joined: true,
    run: async (ctx, input) => ctx.live.rooms.openBackchannel(await ctx.actor(input.exerciseId), ctx.user.name, input, false),
  },
  "backchannel:convene": {
    joined: true,
    run: async (ctx, input) => ctx.live.rooms.openBackchannel(await ctx.actor(input.exerciseId), ctx.user.name, input, true),
  },
  "backchannel:respond": {
    joined: true,
    run: async (ctx, input) => ctx.live.rooms.respond(await ctx.actor(input.exerciseId), ctx.user.name, input),
  },
  "backchannel:leave": {
    joined: true,
    run: async (ctx, input) => ctx.live.rooms.leave(await ctx.actor(input.exerciseId), ctx.user.name, input),
  },
  "exercise:set-status": {
    joined: true,
    run: async (ctx, { exerciseId, status, reason, clientKey }) =>
      ctx.live.run.setStatus(await ctx.actor(exerciseId), exerciseId, status, clientKey, reason),
  },
  "exercise:set-phase": {
    joined: true,
    run: async (ctx, { exerciseId, phaseIndex, clientKey }) =>
      ctx.live.run.setPhase(await ctx.actor(exerciseId), exerciseId, phaseIndex, clientKey),
  },
  "exercise:extend": {
    joined: true,
    run: async (ctx, { exerciseId, minutes, clientKey }) =>
      ctx.live.run.extend(await ctx.actor(exerciseId), exerciseId, minutes, clientKey),
  },
  "exercise:settings": {
    joined: true,
    run: async (ctx, { exerciseId, clientKey, ...changes }) =>
      ctx.live.run.setSettings(
        await ctx.actor(exerciseId),
        exerciseId,
        {
          ...(changes.observersSeeBackchannels !== undefined ? { observersSeeBackchannels: changes.observersSeeBackchannels } : {}),
          ...(changes.chairVoice !== undefined ? { chairVoice: changes.chairVoice } : {}),
        },
        clientKey,
      ),
  },
  "inject:release": {
    joined: true,
    run: async (ctx, { exerciseId, injectKey, clientKey, ...input }) =>
      ctx.live.run.releaseInject(await ctx.actor(exerciseId), exerciseId, { ...input, ...(injectKey ? { injectKey } : {}) }, clientKey),
  },
  "announcement:send": {
    joined: true,
    run: async (ctx, { exerciseId, body, roles, clientKey }) =>
      ctx.live.run.announce(await ctx.actor(exerciseId), exerciseId, body, roles, clientKey),
  },
  "oversight:open": {
    joined: true,
    run: async (ctx, { exerciseId, channelId }) =>
      ctx.live.oversight.open(await ctx.actor(exerciseId), ctx.user.name, exerciseId, channelId),
  },
  "oversight:history": {
    joined: true,
    run: async (ctx, { exerciseId, channelId, afterSeq }) =>
      ctx.live.oversight.history(await ctx.actor(exerciseId), exerciseId, channelId, afterSeq),
  },
  "roster:assign": {
    joined: true,
    run: async (ctx, { exerciseId, userId, roleKey, clientKey }) =>
      ctx.live.roster.assignRole(await ctx.actor(exerciseId), exerciseId, { userId, roleKey, clientKey }),
  },
  "roster:remove": {
    joined: true,
    run: async (ctx, { exerciseId, userId, clientKey }) =>
      ctx.live.roster.remove(await ctx.actor(exerciseId), exerciseId, userId, clientKey),
  },
  "roster:readmit": {
    joined: true,
    run: async (ctx, { exerciseId, userId, clientKey }) =>
      ctx.live.roster.readmit(await ctx.actor(exerciseId), exerciseId, userId, clientKey),
  },
  "roster:add-observer": {
    joined: true,
    run: async (ctx, { exerciseId, email, clientKey }) =>
      ctx.live.roster.addObserver(await ctx.actor(exerciseId), exerciseId, email, clientKey),
  },
  "agreement:create": { joined: true, run: async (ctx, input) => ctx.live.agreements.create(await ctx.actor(input.exerciseId), input) },
  "agreement:propose": {
    joined: true,
    run: async (ctx, { reason, ...input }) =>
      ctx.live.agreements.propose(await ctx.actor(input.exerciseId), { ...input, ...(reason ? { reason } : {}) }),
  },
  "agreement:decide": { joined: true, run: async (ctx, input) => ctx.live.agreements.decide(await ctx.actor(input.exerciseId), input) },
  "agreement:table": { joined: true, run: async (ctx, input) => ctx.live.agreements.table(await ctx.actor(input.exerciseId), input) },
  "agreement:sign": { joined: true, run: async (ctx, input) => ctx.live.agreements.sign(await ctx.actor(input.exerciseId), input) },
  "agreement:close": { joined: true, run: async (ctx, input) => ctx.live.agreements.close(await ctx.actor(input.exerciseId), input) },
  "agreement:call-vote": {
    joined: true,
    run: async (ctx, input) => ctx.live.agreements.callVote(await ctx.actor(input.exerciseId), input),
  },
  "agreement:vote": { joined: true, run: async (ctx, input) => ctx.live.agreements.vote(await ctx.actor(input.exerciseId), input) },
  "agreement:close-vote": {
    joined: true,
    run: async (ctx, input) => ctx.live.agreements.closeVote(await ctx.actor(input.exerciseId), input),
  },
};
