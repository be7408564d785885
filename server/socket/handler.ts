import type { z } from "zod";
import { fail, issuesFrom, type Result } from "../../lib/contract/result";
import type { Logger } from "../logger";

type Ack<T> = (result: Result<T>) => void;

/**
 * Wraps a socket event handler: the payload is parsed with the event's schema before the
 * handler sees it, a missing ack is tolerated, and a thrown error becomes an "internal"
 * result (logged on the server, never sent as text to the client).
 */
export function handleEvent<S extends z.ZodType, T>(
  schema: S,
  logger: Logger,
  event: string,
  handler: (payload: z.infer<S>) => Promise<Result<T>> | Result<T>,
) {
  return async (raw: unknown, ack?: Ack<T>): Promise<void> => {
    const reply: Ack<T> = typeof ack === "function" ? ack : () => {};
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      reply(fail("invalid_payload", `The ${event} payload is not valid`, issuesFrom(parsed.error)));
      return;
    }
    try {
      reply(await handler(parsed.data));
    } catch (error) {
      logger.error({ err: error, event }, "socket handler failed");
      reply(fail("internal", "Something went wrong on the server; nothing was changed"));
    }
  };
}
