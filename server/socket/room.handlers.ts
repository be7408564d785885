// Socket transport for live rooms: parse each payload against the contract, build the
// actor from the session and the database (never from the client), call the room
// service, ack its result. Presence and typing are volatile and never stored.
import { clientEvents, type PresenceDto } from "../../lib/contract/events";
import { fail, type Result } from "../../lib/contract/result";
import type { Actor } from "../domain/authorization";
import type { Logger } from "../logger";
import type { SeatLookup } from "../rooms/seat-lookup";
import type { RoomService, Seat } from "../rooms/room.service";
import type { RunControl } from "../rooms/run-control.service";
import type { Oversight } from "../rooms/oversight.service";
import type { Roster } from "../rooms/roster.service";
import { registerFacilitatorHandlers } from "./facilitator.handlers";
import { registerAgreementHandlers } from "./agreement.handlers";
import type { AgreementService } from "../rooms/agreement.service";
import { exerciseRoom, observerRoom, roleRoom, roomsFor, staffRoom } from "./broadcaster";
import { handleEvent } from "./handler";
import type { ParleyIo, ParleySocket } from "./socket-server";

export interface RoomHandlerDeps {
  io: ParleyIo;
  rooms: RoomService;
  run: RunControl;
  oversight: Oversight;
  roster: Roster;
  agreements: AgreementService;
  seatsOf: SeatLookup;
  logger: Logger;
}

export function registerRoomHandlers(socket: ParleySocket, deps: RoomHandlerDeps): void {
  const { io, rooms, seatsOf } = deps;
  const user = socket.data.user;
  const log = deps.logger.child({ socket: socket.id, user: user.userId });

  async function actor(exerciseId: string): Promise<Actor> {
    return { userId: user.userId, systemRole: user.systemRole, seats: await seatsOf(exerciseId, user.userId) };
  }

  /** Refuses events for an exercise this socket has not joined. */
  function joined<T>(exerciseId: string): Result<T> | null {
    return socket.data.seats[exerciseId] ? null : fail("forbidden", "Join the exercise first (exercise:join)");
  }

  socket.on(
    "exercise:join",
    handleEvent(clientEvents["exercise:join"], log, "exercise:join", async ({ exerciseId, afterSeq }) => {
      const result = await rooms.join(await actor(exerciseId), exerciseId, afterSeq, (seat) => {
        socket.data.seats[exerciseId] = seat;
        const own = seat.staff ? staffRoom(exerciseId) : seat.roleKey ? roleRoom(exerciseId, seat.roleKey) : observerRoom(exerciseId);
        void socket.join([exerciseRoom(exerciseId), own]);
      });
      if (result.ok) void publishPresence(io, exerciseId, log);
      return result;
    }),
  );

  socket.on(
    "message:send",
    handleEvent(clientEvents["message:send"], log, "message:send", async (input) => {
      return joined(input.exerciseId) ?? rooms.send(await actor(input.exerciseId), user.name, input);
    }),
  );

  for (const event of ["backchannel:request", "backchannel:convene"] as const) {
    socket.on(
      event,
      handleEvent(clientEvents[event], log, event, async (input) => {
        return joined(input.exerciseId) ?? rooms.openBackchannel(await actor(input.exerciseId), user.name, input, event === "backchannel:convene");
      }),
    );
  }

  socket.on(
    "backchannel:respond",
    handleEvent(clientEvents["backchannel:respond"], log, "backchannel:respond", async (input) => {
      return joined(input.exerciseId) ?? rooms.respond(await actor(input.exerciseId), user.name, input);
    }),
  );

  socket.on(
    "backchannel:leave",
    handleEvent(clientEvents["backchannel:leave"], log, "backchannel:leave", async (input) => {
      return joined(input.exerciseId) ?? rooms.leave(await actor(input.exerciseId), user.name, input);
    }),
  );

  registerFacilitatorHandlers(socket, deps, actor);
  registerAgreementHandlers(socket, deps.agreements, deps.logger, actor);

  socket.on("typing:set", async (raw: unknown) => {
    const parsed = clientEvents["typing:set"].safeParse(raw);
    if (!parsed.success) return;
    const { exerciseId, channelId, typing } = parsed.data;
    const seat: Seat | undefined = socket.data.seats[exerciseId];
    const room = seat?.roleKey ? await rooms.room(exerciseId) : null;
    const channel = room?.channels.get(channelId);
    if (!seat?.roleKey || !channel || !channel.members.has(seat.roleKey)) return;
    const targets = roomsFor(exerciseId, { everyone: false, roles: [...channel.members], staff: true, observers: channel.kind === "plenary" });
    socket.to(targets).volatile.emit("typing:update", { exerciseId, channelId, roleKey: seat.roleKey, name: user.name, typing });
  });

  socket.on("disconnect", () => {
    for (const exerciseId of Object.keys(socket.data.seats)) void publishPresence(io, exerciseId, log);
  });
}

/**
 * Who is online, per role ("staff" for facilitators), to everyone in the exercise. With
 * several nodes the list comes from all of them; a node that died without a goodbye makes
 * the request time out, and the next change publishes again.
 */
export async function publishPresence(io: ParleyIo, exerciseId: string, log: Logger): Promise<void> {
  let sockets;
  try {
    sockets = await io.in(exerciseRoom(exerciseId)).fetchSockets();
  } catch (err) {
    log.warn({ err, exerciseId }, "presence not published");
    return;
  }
  const online: PresenceDto["online"] = {};
  for (const s of sockets) {
    const seat = s.data.seats?.[exerciseId];
    if (!seat) continue;
    const key = seat.staff ? "staff" : seat.roleKey ?? (seat.observer ? "observers" : "unassigned");
    const names = (online[key] ??= []);
    if (!names.includes(s.data.user.name)) names.push(s.data.user.name);
  }
  io.to(exerciseRoom(exerciseId)).emit("presence:update", { exerciseId, online });
}
