import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from "../../lib/contract/events";
import type { SessionUser } from "../auth/session-token";
import type { Seat } from "../domain/visibility";

export interface SocketData {
  user: SessionUser;
  /** The seat this socket holds in each exercise it joined (presence reads it). */
  seats: Record<string, Seat>;
}

export type ParleyIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
