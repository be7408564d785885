// What an exercise-log event is. Who may see one is server/domain/visibility.ts.
import { z } from "zod";
import type { LogEvent } from "../../lib/contract/log-events";
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
