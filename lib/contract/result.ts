// Acks carry a tagged result with a code from a closed list; never raw exception text.
import { z } from "zod";

export const errorCodes = [
  "invalid_payload",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "rate_limited",
  "not_member",
  "channel_closed",
  "exercise_not_running",
  "message_too_long",
  "payload_too_large",
  "internal",
] as const;
export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export interface ResultIssue {
  path: string;
  message: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string; issues?: ResultIssue[] };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail<T = never>(code: ErrorCode, message: string, issues?: ResultIssue[]): Result<T> {
  return issues ? { ok: false, code, message, issues } : { ok: false, code, message };
}

export function issuesFrom(error: z.ZodError): ResultIssue[] {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}
