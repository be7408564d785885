// Socket transport for live rooms: every acknowledged event from the one table
// (socket-events.ts), typing (volatile, to whom the visibility module names) and presence.
import type { z } from "zod";
import { clientEvents } from "../../lib/contract/events";
import { presenceKey, presenceView } from "../domain/visibility";
import type { Actor } from "../domain/authorization";
import type { Logger } from "../logger";
import type { LiveRooms } from "../rooms/live-rooms";
import type { Metrics } from "../ops/metrics";
import { handleEvent } from "./handler";
import { addressesOf, exerciseRoom, personRoom, staffRoom } from "./socket-rooms";
import { socketEvents, type AckedEvent, type EventContext, type EventEntry } from "./socket-events";
import type { ParleyIo, ParleySocket } from "./socket-types";

export interface RoomHandlerDeps {
  io: ParleyIo;
  live: LiveRooms;
  logger: Logger;
  now: () => number;
  metrics?: Metrics;
}

/** socket.io's listener types are per event name; the table is checked against the contract instead. */
type Listen = (event: string, listener: (raw: unknown, ack?: (result: unknown) => void) => void) => void;

export function registerRoomHandlers(socket: ParleySocket, deps: RoomHandlerDeps): void {
  const { io, live } = deps;
  const user = socket.data.user;
  const log = deps.logger.child({ socket: socket.id, user: user.userId });

  async function actor(exerciseId: string): Promise<Actor> {
    return { userId: user.userId, systemRole: user.systemRole, seats: await live.seatsOf(exerciseId, user.userId) };
  }

  const ctx: EventContext = {
    live,
    user,
    now: deps.now,
    actor,
    attach(exerciseId, seat) {
      socket.data.seats[exerciseId] = seat;
      void socket.join([exerciseRoom(exerciseId), personRoom(exerciseId, user.userId), ...(seat.staff ? [staffRoom(exerciseId)] : [])]);
      queueMicrotask(() => void publishPresence(io, exerciseId, log));
    },
  };
  const joined = (exerciseId: string) => Boolean(socket.data.seats[exerciseId]);
  const listen: Listen = socket.on.bind(socket) as Listen;

  function register<E extends AckedEvent>(name: E, entry: EventEntry<E>): void {
    // TypeScript cannot follow a generic index into the schema table; the table's own
    // type ties each entry's input to its event's schema.
    const schema = clientEvents[name] as unknown as z.ZodType<z.output<(typeof clientEvents)[E]>>;
    const meter = deps.metrics?.command(name);
    const handler = handleEvent(schema, log, name, (input) => entry.run(ctx, input), {
      ...(entry.joined ? { joined } : {}),
      ...(meter ? { meter } : {}),
    });
    listen(name, (raw, ack) => void handler(raw, ack));
  }
  for (const name of Object.keys(socketEvents) as AckedEvent[]) register(name, socketEvents[name] as EventEntry<typeof name>);

  socket.on("typing:set", async (raw: unknown) => {
    const parsed = clientEvents["typing:set"].safeParse(raw);
    if (!parsed.success) return;
    const { exerciseId, channelId, typing } = parsed.data;
    const seat = socket.data.seats[exerciseId];
    if (!seat?.roleKey) return;
    const to = await live.rooms.typing(await actor(exerciseId), exerciseId, channelId);
    const targets = to ? addressesOf(exerciseId, to) : [];
    if (targets.length > 0)
      socket.to(targets).volatile.emit("typing:update", { exerciseId, channelId, roleKey: seat.roleKey, name: user.name, typing });
  });

  socket.on("disconnect", () => {
    for (const exerciseId of Object.keys(socket.data.seats)) void publishPresence(io, exerciseId, log);
  });
}

/**
 * Who is online, to everyone in the exercise, each as their seat may see it
 * (presenceView: participants see the delegations, not staff or observers). With several
 * nodes the list comes from all of them; a node that died without a goodbye makes the
 * request time out, and the next change publishes again.
 */
export async function publishPresence(io: ParleyIo, exerciseId: string, log: Logger): Promise<void> {
  let sockets;
  try {
    sockets = await io.in(exerciseRoom(exerciseId)).fetchSockets();
  } catch (err) {
    log.warn({ err, exerciseId }, "presence not published");
    return;
  }
  const online: Record<string, string[]> = {};
  for (const s of sockets) {
    const seat = s.data.seats?.[exerciseId];
    if (!seat) continue;
    const names = (online[presenceKey(seat)] ??= []);
    if (!names.includes(s.data.user.name)) names.push(s.data.user.name);
  }
  for (const s of sockets) {
    const seat = s.data.seats?.[exerciseId];
    if (seat) s.emit("presence:update", { exerciseId, online: presenceView(seat, online) });
  }
}
