// The commands a browser sends, typed from the one contract. Each carries a client key
// chosen once and reused on every resend, so the server records it once (docs/protocol.md).
import type { ClientPayload, ClientToServerEvents } from "../contract/events";
import type { Result } from "../contract/result";

/** Commands that change something: all go through the outbox. */
export type CommandName =
  | "message:send"
  | "backchannel:request"
  | "backchannel:convene"
  | "backchannel:respond"
  | "backchannel:leave"
  | "exercise:set-status"
  | "exercise:set-phase"
  | "exercise:extend"
  | "exercise:settings"
  | "inject:release"
  | "announcement:send"
  | "roster:assign"
  | "roster:remove"
  | "roster:readmit"
  | "roster:add-observer"
  | "agreement:create"
  | "agreement:propose"
  | "agreement:decide"
  | "agreement:table"
  | "agreement:sign"
  | "agreement:close"
  | "agreement:call-vote"
  | "agreement:vote"
  | "agreement:close-vote";

/** What a command needs from its caller: the exercise and the key are the client's. */
export type CommandInput<E extends CommandName> = Omit<ClientPayload<E>, "exerciseId" | "clientKey">;

/** What the server answers a command with, when it succeeds. */
export type CommandData<E extends CommandName> = Parameters<ClientToServerEvents[E]>[1] extends (result: Result<infer T>) => void ? T : never;

export function newClientKey(): string {
  return globalThis.crypto.randomUUID();
}
