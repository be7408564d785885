import type { z } from "zod";
import { fail, issuesFrom, type Result } from "../../lib/contract/result";
import type { Logger } from "../logger";

type Ack<T> = (result: Result<T>) => void;

export interface HandlerOptions {
  /** Refuse the event unless this socket has joined the payload's exercise. */
  joined?: (exerciseId: string) => boolean;
}

/**
 * Wraps a socket event handler: the payload is parsed with the event's schema before the
 * handler sees it, "must have joined" is checked when asked, a missing ack is tolerated,
 * and a thrown error becomes an "internal" result (logged, never sent as text).
 */
export function handleEvent<S extends z.ZodType, T>(
  schema: S,
  logger: Logger,
  event: string,
  handler: (payload: z.infer<S>) => Promise<Result<T>> | Result<T>,
  options: HandlerOptions = {},
) {
  return async (raw: unknown, ack?: Ack<T>): Promise<void> => {
    const reply: Ack<T> = typeof ack === "function" ? ack : () => {};
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      reply(fail("invalid_payload", `The ${event} payload is not valid`, issuesFrom(parsed.error)));
      return;
    }
    const data: unknown = parsed.data;
    const exerciseId = typeof data === "object" && data !== null && "exerciseId" in data && typeof data.exerciseId === "string" ? data.exerciseId : undefined;
    if (options.joined && (exerciseId === undefined || !options.joined(exerciseId))) {
      reply(fail("forbidden", "Join the exercise first (exercise:join)"));
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
