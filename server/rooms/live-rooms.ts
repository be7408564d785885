// Every live-room use case, built once from the services and handed to the transports:
// the socket server delivers what they publish, and HTTP routes call the ones they need
// (a role taken in the lobby) instead of writing around them.
import { createRateLimiter, type RateLimiter, type RateLimiterFactory } from "../auth/rate-limit";
import type { Result } from "../../lib/contract/result";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import type { ExerciseLock } from "../scale/exercise-lock";
import type { Services } from "../services";
import { createAgreementService } from "./agreement.service";
import { createDeliveryHub } from "./delivery";
import { createOversight } from "./oversight.service";
import { createRoomCore, type RoomDeps } from "./room-core";
import { createRoomService } from "./room.service";
import { createRoster } from "./roster.service";
import { createExerciseSetup } from "./exercise-setup.service";
import { createRunControl } from "./run-control.service";
import { createSeatLookup } from "./seat-lookup";
import type { Metrics } from "../ops/metrics";
import { meteredLimiter } from "../ops/metered";

export interface LiveRoomsOptions {
  db: Db;
  services: Services;
  logger: Logger;
  now?: () => number;
  /** Messages one participant may send per 10 seconds. */
  messagesPer10s?: number;
  /** Several nodes: the exercise lock and rate limits they share. */
  cluster?: { lock: ExerciseLock; rateLimiters: RateLimiterFactory };
  /** Counts refused messages and reports how many exercises are loaded. */
  metrics?: Metrics;
  /** The outbox the commands record their effects in (scheduled injects). */
  effects?: RoomDeps["effects"];
}

export function createLiveRooms(options: LiveRoomsOptions) {
  const { services, now = Date.now } = options;
  const delivery = createDeliveryHub();
  const messages = { limit: options.messagesPer10s ?? 20, windowMs: 10_000 };
  const metered = (limiter: RateLimiter) => (options.metrics ? meteredLimiter(limiter, options.metrics, "messages") : limiter);
  const deps: RoomDeps = {
    db: options.db,
    log: services.log,
    rooms: services.rooms,
    agreements: services.agreements,
    channels: services.channels,
    assignments: services.assignments,
    delivery,
    messageLimiter: metered(options.cluster ? options.cluster.rateLimiters("messages", messages) : createRateLimiter({ ...messages, now })),
    ...(options.cluster ? { lock: options.cluster.lock } : {}),
    ...(options.effects ? { effects: options.effects } : {}),
  };
  const core = createRoomCore(deps);
  options.metrics?.watchExercises(() => core.loaded.size);
  const run = createRunControl({ ...deps, now, logger: options.logger }, core);
  const roster = createRoster(deps, core);
  return {
    delivery,
    rooms: createRoomService(deps, core),
    run,
    oversight: createOversight(deps, core),
    agreements: createAgreementService(deps, core),
    roster,
    /** Creation's channels, the lobby, join codes, declassification: commands the routes call. */
    setup: createExerciseSetup(deps, core),
    seatsOf: createSeatLookup(services.assignments, core, Boolean(options.cluster)),
    /** Re-reads an exercise's live state after a change made outside the rooms. */
    refresh: (exerciseId: string) => run.refresh(exerciseId),
    /**
     * Deletes an exercise: `task` runs under the exercise lock (nothing is appended
     * meanwhile); when it succeeds the room is unloaded, and everyone in it is told and
     * disconnected.
     */
    async retire<T>(exerciseId: string, task: () => Promise<Result<T>>): Promise<Result<T>> {
      const r = await core.room(exerciseId);
      const result = r
        ? await r.exclusive(async () => {
            const done = await task();
            // Other nodes reload and find nothing: appends for it fail from then on.
            if (done.ok) r.changed = true;
            return done;
          })
        : await task();
      if (result.ok) {
        core.loaded.delete(exerciseId);
        delivery.deleted(exerciseId);
      }
      return result;
    },
    /**
     * Drops this node's copy of an exercise, so the next command loads it whole from
     * storage (the scenario included, which a reload keeps): for changes written to storage
     * directly, as tests and maintenance scripts do.
     */
    async forget(exerciseId: string): Promise<void> {
      const r = await core.loaded.get(exerciseId)?.catch(() => null);
      if (r) await r.exclusive(async () => void core.loaded.delete(exerciseId));
    },
    /** A seated person's name changed outside the rooms (erased): open views get the roster again. */
    async rosterChanged(exerciseId: string): Promise<void> {
      const entry = core.loaded.get(exerciseId);
      const r = entry ? await entry.catch(() => null) : null;
      if (r) await r.exclusive(() => core.publishRoster(r));
    },
  };
}
export type LiveRooms = ReturnType<typeof createLiveRooms>;
