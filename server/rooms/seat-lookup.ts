// Whose seats are these: every socket event builds its actor from the user's seats in the
// exercise. A single node keeps them with the loaded room (dropped when the roster
// changes or the room reloads), which spares a query per message. Several nodes always
// ask the database: another node's roster change must count at once, and the actor is
// built before the exercise lock (and its reload) is taken.
import type { Seat } from "../domain/authorization";
import type { AssignmentRepository } from "../storage/assignment.repository";
import type { RoomCore } from "./room-core";

export type SeatLookup = (exerciseId: string, userId: string) => Promise<Seat[]>;

export function createSeatLookup(assignments: AssignmentRepository, core: RoomCore, distributed: boolean): SeatLookup {
  if (distributed) return (exerciseId, userId) => assignments.seatsOf(exerciseId, userId);
  return async (exerciseId, userId) => {
    const r = await core.loaded.get(exerciseId)?.catch(() => null);
    if (!r) return assignments.seatsOf(exerciseId, userId);
    let seats = r.seats.get(userId);
    if (!seats) {
      seats = assignments.seatsOf(exerciseId, userId);
      r.seats.set(userId, seats);
      seats.catch(() => r.seats.delete(userId));
    }
    return seats;
  };
}
