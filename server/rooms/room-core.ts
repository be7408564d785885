// The shared machinery of live rooms: the registry of loaded exercises, `commit` (append,
// apply to live state, publish to the recipients the visibility module picks) and the
// declarations every room use case shares.
import type { ChannelDto, EventDto, RosterDto } from "../../lib/contract/events";
import type { Result } from "../../lib/contract/result";
import type { LoggedEvent, NewEvent } from "../domain/exercise-log";
import { recipientsOf, rosterView, seatViewer, type Recipients, type RosterEntryView, type Seat, type Viewer } from "../domain/visibility";
import { seatKindSchema } from "../domain/authorization";
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
}

/** Catch-up, oversight and replay histories come in pages of this many events. */
export const HISTORY_PAGE = 2000;

export function toDto(event: LoggedEvent): EventDto {
  const { exerciseId: _exercise, idempotencyKey: _key, visibility, createdAt, actor, ...typed } = event;
  return { ...typed, at: createdAt.toISOString(), actor: { ...actor }, ...(visibility.kind === "channel" ? { channelId: visibility.channelId } : {}) };
}

export type RoomCore = ReturnType<typeof createRoomCore>;

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
      entry.then((r) => r ?? loaded.delete(exerciseId), () => loaded.delete(exerciseId));
    }
    return entry;
  }

  /** Hands a logged event to the people who may see it now. */
  function publish(r: ExerciseRoom, event: LoggedEvent): void {
    delivery.event(r.exerciseId, recipientsOf(event, r.roster, r), toDto(event));
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
      r.changed = true;
      apply(result.event);
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
    const lists: { to: Recipients; channels: ChannelDto[] }[] = [{ to: { everyone: false, users: [], guests: true }, channels: r.channelsFor({ staff: true, observer: false }) }];
    for (const group of groups.values()) lists.push({ to: { everyone: false, users: group.users, guests: false }, channels: r.channelsFor(group.seat) });
    delivery.channels(r.exerciseId, lists);
  }

  /** Everyone seated and everyone removed, as storage holds them now. */
  async function fullRoster(exerciseId: string) {
    const [active, removed] = await Promise.all([deps.assignments.listActive(exerciseId), deps.assignments.listRemoved(exerciseId)]);
    const entry = (userId: string, displayName: string, seat: string, roleKey: string | null): RosterEntryView => ({ userId, displayName, seat: seatKindSchema.parse(seat), roleKey });
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
      { to: { everyone: false, users: others, guests: false }, roster: rosterView({ staff: false, observer: false }, full.people, full.removed) },
    ]);
  }

  /** What a seat may read on catching up: the visibility module's viewer, with the role's stored windows. */
  async function viewerFor(r: ExerciseRoom, seat: Seat, userId: string): Promise<Viewer> {
    const windows = seat.roleKey && !seat.staff ? await deps.channels.windowsFor(r.exerciseId, seat.roleKey) : undefined;
    return seatViewer(r, seat, userId, windows);
  }

  /**
   * Runs a command once per client key: a resend whose key is already in the log (its ack
   * was lost) gets `replay` of the recorded event instead of running again. Call it inside
   * the exercise lock, and give `key` to the command's first commit.
   */
  async function once<T>(exerciseId: string, key: string | undefined, replay: (event: LoggedEvent) => Result<T> | Promise<Result<T>>, run: () => Promise<Result<T>>): Promise<Result<T>> {
    const before = key ? await log.byKey(exerciseId, key) : null;
    return before ? replay(before) : run();
  }

  return { room, commit, publish, publishChannels, publishRoster, rosterFor, viewerFor, once, loaded, delivery };
}
