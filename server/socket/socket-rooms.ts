// Socket.io rooms are delivery addresses, never the privacy rule: a socket that joined an
// exercise sits in the exercise's room, its person's room, and (staff) the staff room.
// None of them depends on a role, so a seat change needs no room change: the recipients
// of each event are decided again by server/domain/visibility.ts.
import type { Recipients } from "../domain/visibility";
import type { Delivery } from "../rooms/delivery";
import type { ParleyIo } from "./socket-types";

export const userRoom = (userId: string) => `user:${userId}`;
export const exerciseRoom = (exerciseId: string) => `exercise:${exerciseId}`;
export const personRoom = (exerciseId: string, userId: string) => `exercise:${exerciseId}:user:${userId}`;
/** Staff sockets: they receive what staff who opened no backchannel may see. */
export const staffRoom = (exerciseId: string) => `exercise:${exerciseId}:staff`;

export function addressesOf(exerciseId: string, to: Recipients): string[] {
  if (to.everyone) return [exerciseRoom(exerciseId)];
  const rooms = to.users.map((u) => personRoom(exerciseId, u));
  if (to.guests) rooms.push(staffRoom(exerciseId));
  return rooms;
}

/** Delivers what the live rooms publish to the sockets of its recipients, on every node. */
export function socketDelivery(io: ParleyIo): Delivery {
  /** The sockets of these recipients, or null when there are none. */
  const sockets = (exerciseId: string, to: Recipients) => {
    const rooms = addressesOf(exerciseId, to);
    return rooms.length > 0 ? io.to(rooms) : null;
  };
  return {
    event(exerciseId, to, event) {
      sockets(exerciseId, to)?.emit("exercise:event", { ...event, exerciseId });
    },
    channels(exerciseId, lists) {
      for (const { to, channels } of lists) sockets(exerciseId, to)?.emit("exercise:channels", { exerciseId, channels });
    },
    seatChanged(exerciseId, userId) {
      io.to(personRoom(exerciseId, userId)).emit("exercise:seat-changed", { exerciseId });
    },
    roster(exerciseId, lists) {
      for (const { to, roster } of lists) sockets(exerciseId, to)?.emit("exercise:roster", { exerciseId, roster });
    },
    removed(exerciseId, userId) {
      io.to(personRoom(exerciseId, userId)).emit("exercise:removed", { exerciseId });
      io.in(userRoom(userId)).disconnectSockets(true);
    },
    disconnect(userId) {
      io.in(userRoom(userId)).disconnectSockets(true);
    },
    deleted(exerciseId) {
      io.to(exerciseRoom(exerciseId)).emit("exercise:deleted", { exerciseId });
      io.in(exerciseRoom(exerciseId)).disconnectSockets(true);
    },
    joinAlarm(exerciseId, alarm) {
      io.to(staffRoom(exerciseId)).emit("exercise:join-alarm", { ...alarm, exerciseId });
    },
  };
}
