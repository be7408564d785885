// Maps an event's audience to Socket.io rooms. A socket sits in its exercise's room and in
// exactly one of: its role's room, the staff room, the observers' room.
import type { Audience, Broadcaster } from "../rooms/room.service";
import type { ParleyIo } from "./socket-server";

export const exerciseRoom = (exerciseId: string) => `exercise:${exerciseId}`;
export const roleRoom = (exerciseId: string, roleKey: string) => `exercise:${exerciseId}:role:${roleKey}`;
export const staffRoom = (exerciseId: string) => `exercise:${exerciseId}:staff`;
export const observerRoom = (exerciseId: string) => `exercise:${exerciseId}:observers`;
/** Staff (and permitted observers) who opened a backchannel, audited. */
export const oversightRoom = (exerciseId: string, channelId: string) => `exercise:${exerciseId}:oversight:${channelId}`;

export function roomsFor(exerciseId: string, audience: Audience): string[] {
  if (audience.everyone) return [exerciseRoom(exerciseId)];
  const rooms = audience.roles.map((r) => roleRoom(exerciseId, r));
  if (audience.staff) rooms.push(staffRoom(exerciseId));
  if (audience.observers) rooms.push(observerRoom(exerciseId));
  if (audience.oversightChannel) rooms.push(oversightRoom(exerciseId, audience.oversightChannel));
  return rooms;
}

export function createBroadcaster(io: ParleyIo): Broadcaster {
  return {
    event(exerciseId, audience, event) {
      const rooms = roomsFor(exerciseId, audience);
      if (rooms.length > 0) io.to(rooms).emit("exercise:event", { ...event, exerciseId });
    },
    channels(room, roles) {
      const id = room.exerciseId;
      for (const roleKey of new Set(roles)) {
        io.to(roleRoom(id, roleKey)).emit("exercise:channels", { exerciseId: id, channels: room.channelsFor({ staff: false, roleKey }) });
      }
      io.to(staffRoom(id)).emit("exercise:channels", { exerciseId: id, channels: room.channelsFor({ staff: true }) });
      io.to(observerRoom(id)).emit("exercise:channels", { exerciseId: id, channels: room.channelsFor({ staff: false, observer: true }) });
    },
  };
}
