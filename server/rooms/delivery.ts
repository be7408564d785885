// The port through which live rooms hand events to a transport. The rooms decide the
// recipients (server/domain/visibility.ts); a transport only delivers to them. The
// rooms are built before the socket server exists, so they hold a hub the socket server
// connects to when it starts.
import type { ChannelDto, EventDto, JoinAlarmDto, RosterDto } from "../../lib/contract/events";
import type { Recipients } from "../domain/visibility";

export interface Delivery {
  /** One logged event to its recipients. */
  event(exerciseId: string, to: Recipients, event: EventDto): void;
  /** Channel lists, each to the people whose list it is. */
  channels(exerciseId: string, lists: readonly { to: Recipients; channels: ChannelDto[] }[]): void;
  /** A person's seat changed: their open sockets re-join for the new view. */
  seatChanged(exerciseId: string, userId: string): void;
  /** The roster, each view to the people it is for. */
  roster(exerciseId: string, lists: readonly { to: Recipients; roster: RosterDto }[]): void;
  /** Tells a person they were removed from the exercise, then closes their sockets. */
  removed(exerciseId: string, userId: string): void;
  /** Closes every socket of a person (signed out). */
  disconnect(userId: string): void;
  /** Tells everyone in the exercise it was deleted, then closes their sockets. */
  deleted(exerciseId: string): void;
  /** Tells the exercise's staff that its join code is being mistyped. */
  joinAlarm(exerciseId: string, alarm: JoinAlarmDto): void;
}

export interface DeliveryHub extends Delivery {
  /** The transport that delivers from now on (events published before are not queued). */
  connect(transport: Delivery): void;
}

export function createDeliveryHub(): DeliveryHub {
  let transport: Delivery | null = null;
  return {
    connect(next) {
      transport = next;
    },
    event: (exerciseId, to, event) => transport?.event(exerciseId, to, event),
    channels: (exerciseId, lists) => transport?.channels(exerciseId, lists),
    seatChanged: (exerciseId, userId) => transport?.seatChanged(exerciseId, userId),
    roster: (exerciseId, lists) => transport?.roster(exerciseId, lists),
    removed: (exerciseId, userId) => transport?.removed(exerciseId, userId),
    disconnect: (userId) => transport?.disconnect(userId),
    deleted: (exerciseId) => transport?.deleted(exerciseId),
    joinAlarm: (exerciseId, alarm) => transport?.joinAlarm(exerciseId, alarm),
  };
}
