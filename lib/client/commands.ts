// The commands a browser sends, typed from the one contract. Each carries a client key
// chosen once and reused on every resend, so the server records it once (docs/protocol.md).
import type { ClientEventName, ClientPayload, ClientToServerEvents } from "../contract/events";
import type { Result } from "../contract/result";

/** The events that only read, ping or signal (typing): everything else in the contract is a command. */
type NotCommands = "system:ping" | "exercise:join" | "exercise:history" | "oversight:open" | "oversight:history" | "typing:set";

/** Commands that change something: all go through the outbox. Derived from the contract's one table. */
export type CommandName = Exclude<ClientEventName, NotCommands>;

/** What a command needs from its caller: the exercise and the key are the client's. */
export type CommandInput<E extends CommandName> = Omit<ClientPayload<E>, "exerciseId" | "clientKey">;

/** What the server answers a command with, when it succeeds. */
export type CommandData<E extends CommandName> = Parameters<ClientToServerEvents[E]>[1] extends (result: Result<infer T>) => void
  ? T
  : never;

export function newClientKey(): string {
  return globalThis.crypto.randomUUID();
}
