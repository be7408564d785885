// The shared machinery of live rooms: the registry of loaded exercises, `command` (THE
// path every change to an exercise takes: guard, the exercise's lock, the idempotency
// key, the commit, publishing, the effects after it) and `commit` (append, apply to live
// state, publish to the recipients the one rule picks).
import type { ChannelDto, RosterDto } from "../../lib/contract/events";
import type { Result } from "../../lib/contract/result";
import type { LoggedEvent, NewEvent } from "../domain/exercise-log";
import { recipientsOf, rosterView, seatViewer, type Recipients, type RosterEntryView, type Seat, type Viewer } from "../domain/visibility";
import { decide, seatKindSchema, type Action, type Actor } from "../domain/authorization";
import { fail } from "../../lib/contract/result";
import type { Tx } from "../db/types";
import type { ExerciseLogRepository } from "../storage/exercise-log.repository";
import type { ChannelRepository } from "../storage/channel.repository";
import type { RoomRepository } from "../storage/room.repository";
import type { AgreementRepository } from "../storage/agreement.repository";
import type { AssignmentRepository } from "../storage/assignment.repository";
import type { RateLimiter } from "../auth/rate-limit";
import type { Db } from "../db/client";
import { ExerciseRoom, type RoomSync } from "./exercise-room";
import { localExerciseLock, type ExerciseLock } from "../scale/exercise-lock";
import type { Delivery } from "./delivery";
import type { EffectRepository } from "../storage/effect.repository";

export interface RoomDeps {
  db: Db;
  log: ExerciseLogRepository;
  rooms: RoomRepository;
  agreements: AgreementRepository;
  channels: ChannelRepository;
  assignments: AssignmentRepository;
  delivery: Delivery;
  /** Messages per participant per window. */
  messageLimiter: RateLimiter;
  /** Exclusive access across nodes; a single process needs none. */
  lock?: ExerciseLock;
  /** The outbox: effects a command records in its own transaction (server/effects). */
  effects?: Pick<EffectRepository, "enqueue">;
}

/** Catch-up, oversight and replay histories come in pages of this many events. */
export const HISTORY_PAGE = 2000;

import { toDto } from "../domain/exercise-log";
export { toDto };

export type RoomCore = ReturnType<typeof createRoomCore>;

/** What a use case tells `command`: who, on which exercise, needing what, and what it does. */
export interface CommandSpec<T> {
  /** Who asks; null for Parley itself (a scheduled inject), which needs no guard. */
  actor: Actor | null;
  exerciseId: string;
  /** The action the actor must be allowed (authorization.ts), and what to say when not. */
  guard?: { action: Action; refusal: string };
  /** The client's key: the command's log key is `cmd:<user>:<clientKey>`. */
  clientKey?: string | undefined;
  /** A log key of the command's own (messages, backchannels), or null for none; overrides `clientKey`. */
  key?: string | null;
  /** The answer to a resend whose key is in the log already (without it, the command runs again and its commit is a duplicate). */
  replay?: (r: ExerciseRoom, event: LoggedEvent) => Result<T> | Promise<Result<T>>;
  /** The use case, under the lock: check the rules against `r`, commit, answer. */
  run: (r: ExerciseRoom, key: string | undefined) => Promise<Result<T>>;
  /** The command changes seats: the seat cache is dropped after it. */
  seatsChange?: boolean;
}

/** The log key of a command sent with a client key (messages, backchannels and drafts keep their own prefixes). */
export const commandKey = (userId: string, clientKey: string | undefined) => (clientKey ? `cmd:${userId}:${clientKey}` : undefined);

export function createRoomCore(deps: RoomDeps) {
  const { log, rooms, delivery } = deps;
  const loaded = new Map<string, Promise<ExerciseRoom | null>>();
  const sync: RoomSync = {
    lock: deps.lock ?? localExerciseLock,
    async load(exerciseId) {
      const [stored, agreements] = await Promise.all([rooms.load(exerciseId), deps.agreements.loadAll(exerciseId)]);
      return stored ? { stored, agreements } : null;
    },
  };

  function room(exerciseId: string): Promise<ExerciseRoom | null> {
    let entry = loaded.get(exerciseId);
    if (!entry) {
      entry = sync.load(exerciseId).then((fresh) => (fresh ? new ExerciseRoom(fresh.stored, fresh.agreements, sync) : null));
      loaded.set(exerciseId, entry);
      entry.then(
        (r) => r ?? loaded.delete(exerciseId),
        () => loaded.delete(exerciseId),
      );
    }
    return entry;
  }

  /** Hands a logged event to the people who may see it now. */
  function publish(r: ExerciseRoom, event: LoggedEvent): void {
    delivery.event(r.exerciseId, recipientsOf(event, r.roster, r, r.viewers), toDto(event));
  }

  /**
   * Appends, applies to live state and publishes; a repeated client key changes nothing.
   * `project` null: the event is its own record (a message), written by the log's direct path.
   * `apply` null: the event changes nothing the room holds (a message, an announcement), so
   * other nodes keep their copy instead of reloading the room before their next command.
   */
  async function commit(
    r: ExerciseRoom,
    event: NewEvent,
    project: ((tx: Tx, seq: number) => Promise<void>) | null,
    apply: ((logged: LoggedEvent) => void) | null,
  ): Promise<{ event: LoggedEvent; duplicate: boolean }> {
    const result = await log.append(event, project ? (tx, logged) => project(tx, logged.seq) : undefined);
    if (!result.duplicate && apply) {
      apply(result.event);
      r.stateChanged();
    }
    // A repeat is published again with several nodes: the node that stored it may have
    // died before publishing (clients drop what they already have).
    if (!result.duplicate || sync.lock.distributed) publish(r, result.event);
    return result;
  }

  /**
   * Sends fresh channel lists to the people whose list may have changed: the given roles,
   * staff, observers and people without a role. One list per kind of seat.
   */
  function publishChannels(r: ExerciseRoom, roles: readonly string[]): void {
    const wanted = new Set(roles);
    const groups = new Map<string, { seat: Seat; users: string[] }>();
    for (const [userId, seat] of r.roster) {
      // Staff get theirs through the staff address below.
      if (seat.staff || (seat.roleKey !== undefined && !wanted.has(seat.roleKey))) continue;
      const key = seat.roleKey !== undefined ? `role:${seat.roleKey}` : seat.observer ? "observer" : "none";
      const group = groups.get(key) ?? { seat, users: [] };
      group.users.push(userId);
      groups.set(key, group);
    }
    const lists: { to: Recipients; channels: ChannelDto[] }[] = [
      { to: { everyone: false, users: [], guests: true }, channels: r.channelsFor({ staff: true, observer: false }) },
    ];
    for (const group of groups.values())
      lists.push({ to: { everyone: false, users: group.users, guests: false }, channels: r.channelsFor(group.seat) });
    delivery.channels(r.exerciseId, lists);
  }

  /** Everyone seated and everyone removed, as storage holds them now. */
  async function fullRoster(exerciseId: string) {
    const [active, removed] = await Promise.all([deps.assignments.listActive(exerciseId), deps.assignments.listRemoved(exerciseId)]);
    const entry = (userId: string, displayName: string, seat: string, roleKey: string | null): RosterEntryView => ({
      userId,
      displayName,
      seat: seatKindSchema.parse(seat),
      roleKey,
    });
    return {
      people: active.map((a) => entry(a.userId, a.user.displayName, a.seat, a.roleKey)),
      removed: removed.map((a) => entry(a.userId, a.displayName, a.seat, a.roleKey)),
    };
  }

  /** The roster as one seat may see it. */
  async function rosterFor(exerciseId: string, seat: Seat): Promise<RosterDto> {
    const full = await fullRoster(exerciseId);
    return rosterView(seat, full.people, full.removed);
  }

  /** Sends the roster to everyone in the exercise after a seating change, each their view. */
  async function publishRoster(r: ExerciseRoom): Promise<void> {
    const full = await fullRoster(r.exerciseId);
    const others = [...r.roster].filter(([, seat]) => !seat.staff).map(([userId]) => userId);
    delivery.roster(r.exerciseId, [
      { to: { everyone: false, users: [], guests: true }, roster: rosterView({ staff: true, observer: false }, full.people, full.removed) },
      {
        to: { everyone: false, users: others, guests: false },
        roster: rosterView({ staff: false, observer: false }, full.people, full.removed),
      },
    ]);
  }

  /** What a seat may read on catching up: the visibility module's viewer, with the role's stored windows. */
  async function viewerFor(r: ExerciseRoom, seat: Seat, userId: string): Promise<Viewer> {
    const windows = seat.roleKey && !seat.staff ? await deps.channels.windowsFor(r.exerciseId, seat.roleKey) : undefined;
    return seatViewer(r, seat, userId, windows);
  }

  /**
   * THE command path. Every socket event and every route that changes an exercise runs
   * here: the guard (the action the actor needs, decided from the account and the seat),
   * the exercise's room and lock, the idempotency key (a resend whose key is already in
   * the log gets `replay` of the recorded event instead of running again), the use case's
   * `run` (which checks the rules against live state and calls `commit`: append, apply,
   * publish), and after it the seat cache is dropped so the next command reads seats anew.
   */
  async function command<T>(spec: CommandSpec<T>): Promise<Result<T>> {
    if (spec.guard) {
      const decision = decide(spec.actor, spec.guard.action);
      if (!decision.allowed) return fail(decision.code, spec.guard.refusal);
    }
    const r = await room(spec.exerciseId);
    if (!r) return fail("not_found", "No such exercise");
    const key = spec.key !== undefined ? (spec.key ?? undefined) : spec.actor ? commandKey(spec.actor.userId, spec.clientKey) : undefined;
    return r.exclusive(async () => {
      try {
        const before = key ? await log.byKey(spec.exerciseId, key) : null;
        if (before && spec.replay) return await spec.replay(r, before);
        return await spec.run(r, key);
      } finally {
        if (spec.seatsChange) r.seats.clear();
      }
    });
  }

  return { room, command, commit, publish, publishChannels, publishRoster, rosterFor, viewerFor, loaded, delivery };
}
