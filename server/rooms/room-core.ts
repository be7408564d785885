// The shared machinery of live rooms: the registry of loaded exercises, and `commit`,
// which appends an event, applies it to live state and publishes it to its audience.
import type { LoggedEvent, NewEvent, Viewer } from "../domain/exercise-log";
import type { Tx } from "../db/types";
import type { MessageRow } from "../storage/log-writer";
import { ExerciseRoom, type RoomSync } from "./exercise-room";
import { localExerciseLock } from "../scale/exercise-lock";
import { toDto, type Audience, type RoomDeps, type Seat } from "./room.service";

export type RoomCore = ReturnType<typeof createRoomCore>;

export function createRoomCore(deps: RoomDeps) {
  const { log, rooms, broadcaster } = deps;
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

  function audienceOf(r: ExerciseRoom, event: LoggedEvent): Audience {
    const v = event.visibility;
    switch (v.kind) {
      case "exercise":
        return { everyone: true, roles: [], staff: true, observers: true };
      case "staff":
        return { everyone: false, roles: [], staff: true, observers: false };
      case "roles":
        return { everyone: false, roles: v.roles, staff: true, observers: false };
      case "channel": {
        const channel = r.channels.get(v.channelId);
        const roles = channel ? [...channel.members] : [];
        // Staff read a backchannel only once they have opened it (which is audited).
        if (channel?.kind === "backchannel") return { everyone: false, roles, staff: false, observers: false, oversightChannel: channel.id };
        const publicChannel = channel?.kind === "plenary" || channel?.kind === "announcements";
        return { everyone: false, roles, staff: true, observers: publicChannel };
      }
    }
  }

  /** Appends, applies to live state and publishes; a repeated client key changes nothing. */
  async function commit(
    r: ExerciseRoom,
    event: NewEvent,
    project: ((tx: Tx, seq: number) => Promise<void>) | { message: MessageRow },
    apply: (logged: LoggedEvent) => void,
  ): Promise<{ event: LoggedEvent; duplicate: boolean }> {
    const result = await log.append(event, typeof project === "function" ? (tx, logged) => project(tx, logged.seq) : project);
    if (!result.duplicate) {
      r.changed = true;
      apply(result.event);
    }
    // A repeat is published again with several nodes: the node that stored it may have
    // died before publishing (clients drop what they already have).
    if (!result.duplicate || sync.lock.distributed) broadcaster.event(r.exerciseId, audienceOf(r, result.event), toDto(result.event));
    return result;
  }

  /** What a seat may read on joining. Backchannels stay hidden from staff until opened (audited). */
  async function viewerFor(exerciseId: string, seat: Seat, r: ExerciseRoom): Promise<Viewer> {
    const backchannels = [...r.channels.values()].filter((c) => c.kind === "backchannel").map((c) => c.id);
    if (seat.staff) return { kind: "staff", hiddenChannels: backchannels };
    if (seat.roleKey) return { kind: "role", roleKey: seat.roleKey, channelWindows: await deps.channels.windowsFor(exerciseId, seat.roleKey) };
    // Observers (and participants without a role yet) follow the public channels.
    const publicChannels = [...r.channels.values()].filter((c) => c.kind === "plenary" || c.kind === "announcements");
    return { kind: "role", roleKey: "", channelWindows: publicChannels.map((c) => ({ channelId: c.id, fromSeq: 0 })) };
  }


  return { room, commit, viewerFor, audienceOf, loaded };
}
