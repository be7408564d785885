// RETENTION_DAYS: exercises ended more than that many days ago are deleted, by the same
// use case as a facilitator's deletion (audited, with the system as its actor). Checked
// at boot and then once a day; every node may run it (a deleted exercise is not found
// twice, and deletions run under the exercise lock).
import type { Logger } from "../logger";
import { retentionCutoff } from "../domain/data-rights";
import type { DataRights } from "./data-rights";

export const RETENTION_CHECK_MS = 24 * 60 * 60 * 1000;

export interface RetentionDeps {
  days: number | undefined;
  dataRights: Pick<DataRights, "deletion" | "endedBefore">;
  logger: Logger;
  now?: () => number;
  /** Between checks (default: a day). */
  everyMs?: number;
}

export interface Retention {
  /** One check now: the ids of the exercises it deleted. */
  runOnce(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Null when RETENTION_DAYS is not set (exercises are kept until someone deletes them). */
export function startRetention(deps: RetentionDeps): Retention | null {
  const { days, logger } = deps;
  const { deletion, endedBefore } = deps.dataRights;
  if (days === undefined) return null;
  const now = deps.now ?? Date.now;
  let running: Promise<string[]> | null = null;
  let stopped = false;

  const check = async (): Promise<string[]> => {
    const due = await endedBefore(retentionCutoff(now(), days));
    const deleted: string[] = [];
    for (const exerciseId of due) {
      if (stopped) break;
      const result = await deletion.delete(exerciseId, { kind: "retention", days });
      if (result.ok) deleted.push(exerciseId);
      else if (result.code !== "not_found") logger.warn({ exerciseId, code: result.code }, "retention could not delete an exercise");
    }
    if (deleted.length > 0) logger.info({ deleted: deleted.length, days }, "retention deleted ended exercises");
    return deleted;
  };

  const runOnce = (): Promise<string[]> => {
    running ??= check().finally(() => (running = null));
    return running;
  };
  const turn = () =>
    void runOnce().catch((err: unknown) => {
      if (!stopped) logger.error({ err }, "retention check failed; trying again at the next turn");
    });

  const timer = setInterval(turn, deps.everyMs ?? RETENTION_CHECK_MS);
  timer.unref();
  turn();
  logger.info({ days }, "retention period set: ended exercises are deleted after it");

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
