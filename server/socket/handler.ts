import type { z } from "zod";
import { fail, issuesFrom, type Result } from "../../lib/contract/result";
import type { Logger } from "../logger";
import type { CommandMeter } from "../ops/metrics";

type Ack<T> = (result: Result<T>) => void;

export interface HandlerOptions {
  /** Refuse the event unless this socket has joined the payload's exercise. */
  joined?: (exerciseId: string) => boolean;
  /** Records the ack's outcome and latency. */
  meter?: CommandMeter;
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
  const { meter } = options;

  async function run(raw: unknown): Promise<Result<T>> {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return fail("invalid_payload", `The ${event} payload is not valid`, issuesFrom(parsed.error));
    const data: unknown = parsed.data;
    const exerciseId =
      typeof data === "object" && data !== null && "exerciseId" in data && typeof data.exerciseId === "string"
        ? data.exerciseId
        : undefined;
    if (options.joined && (exerciseId === undefined || !options.joined(exerciseId)))
      return fail("forbidden", "Join the exercise first (exercise:join)");
    try {
      return await handler(parsed.data);
    } catch (error) {
      logger.error({ err: error, event }, "socket handler failed");
      return fail("internal", "Something went wrong on the server; nothing was changed");
    }
  }

  return async (raw: unknown, ack?: Ack<T>): Promise<void> => {
    const startedAt = meter ? meter.start() : 0;
    const result = await run(raw);
    if (typeof ack === "function") ack(result);
    meter?.acked(result.ok ? "ok" : result.code, startedAt);
  };
}
