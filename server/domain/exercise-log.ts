// What an exercise-log event is. Who may see one is server/domain/visibility.ts.
import { z } from "zod";
import type { LogEvent } from "../../lib/contract/log-events";
import type { EventDto } from "../../lib/contract/events";
import type { Visibility } from "./visibility";

export const idempotencyKeySchema = z.string().min(8).max(128);

export interface EventActor {
  userId?: string;
  roleKey?: string;
}

/** An event to append: one member of the log's vocabulary (type and payload) and its envelope. */
export type NewEvent = LogEvent & {
  exerciseId: string;
  actor: EventActor;
  visibility: Visibility;
  /** Client-originated events carry one; the same key twice records one event. */
  idempotencyKey?: string;
};

export type LoggedEvent = LogEvent & {
  exerciseId: string;
  seq: number;
  actor: EventActor;
  visibility: Visibility;
  idempotencyKey?: string;
  createdAt: Date;
};

/** An event as the contract sends it: the envelope a reader needs, without the idempotency key. */
export function toDto(event: LoggedEvent): EventDto {
  const { exerciseId: _exercise, idempotencyKey: _key, visibility, createdAt, actor, ...typed } = event;
  return {
    ...typed,
    at: createdAt.toISOString(),
    actor: { ...actor },
    ...(visibility.kind === "channel" ? { channelId: visibility.channelId } : {}),
  };
}
