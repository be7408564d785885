// The live state of one running exercise, kept by the socket server: the scenario, the
// status and phase, and each channel's current members. Every change goes through
// `exclusive`, so validation, the log append and the relay happen one at a time per
// exercise, in sequence order: within this process by the room's queue, across nodes by
// the exercise lock, which reloads this copy first when another node changed it.
import type { ChannelDto } from "../../lib/contract/events";
import type { Scenario } from "../../lib/scenario/scenario.schema";
import { currentPhase, phaseOpens, type ChannelState } from "../domain/channel-rules";
import { exerciseStatusSchema, type ExerciseStatus } from "../domain/exercise-status";
import { parseScenario } from "../../lib/scenario/parse-scenario";
import { clockStateSchema, initialClock, type ClockState } from "../domain/clock";
import { z } from "zod";
import { seatKindSchema, systemRoleSchema, type Seat as AuthSeat } from "../domain/authorization";
import { canList, LiveViewers, seatOf, type Seat, type VisibilityState } from "../domain/visibility";
import { overseersFrom, type OverseerMap } from "../domain/oversight";
import { localExerciseLock, type ExerciseLock, type LockedState } from "../scale/exercise-lock";

export const roomSettingsSchema = z.object({
  observersSeeBackchannels: z.boolean().default(false),
  chairVoice: z.boolean().default(false),
});
export type RoomSettings = z.infer<typeof roomSettingsSchema>;
import type { StoredRoom, StoredSeat } from "../storage/room.repository";
import type { AgreementState } from "../storage/agreement.repository";

/** How a room reaches beyond itself: the exercise lock, and a fresh copy from storage. */
export interface RoomSync {
  lock: ExerciseLock;
  load(exerciseId: string): Promise<{ stored: StoredRoom; agreements: AgreementState[] } | null>;
}

export class ExerciseRoom implements LockedState, VisibilityState {
  readonly exerciseId: string;
  readonly scenario: Scenario;
  status!: ExerciseStatus;
  phaseIndex!: number;
  readonly channels = new Map<string, ChannelState>();
  clock!: ClockState;
  settings!: RoomSettings;
  readonly firedInjects = new Set<string>();
  readonly agreements = new Map<string, AgreementState>();
  /** Seats per user, read on first use (see seat-lookup.ts); cleared with every reload. */
  readonly seats = new Map<string, Promise<AuthSeat[]>>();
  /** Everyone seated now, and staff who joined: live delivery is decided from this. */
  readonly roster = new Map<string, Seat>();
  /** Who opened which backchannel (audited). */
  overseers: OverseerMap = new Map();
  /** Each person's live viewer, kept until the live state changes (`stateChanged`). */
  readonly viewers: LiveViewers = new LiveViewers(this);
  version: string | null = null;
  changed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    stored: StoredRoom,
    agreements: AgreementState[] = [],
    private readonly sync: RoomSync = { lock: localExerciseLock, load: async () => null },
  ) {
    this.exerciseId = stored.exerciseId;
    this.scenario = parseScenario(stored.scenarioDefinition);
    this.reset(stored, agreements);
  }

  /** Replaces the whole live state with what storage holds (the scenario never changes). */
  private reset(stored: StoredRoom, agreements: AgreementState[]): void {
    this.seats.clear();
    this.viewers.clear();
    this.agreements.clear();
    for (const a of agreements) this.agreements.set(a.id, a);
    this.status = exerciseStatusSchema.parse(stored.status);
    this.phaseIndex = stored.phaseIndex;
    this.clock = stored.clock ? clockStateSchema.parse(JSON.parse(stored.clock)) : initialClock(stored.phaseIndex);
    this.settings = roomSettingsSchema.parse(JSON.parse(stored.settings || "{}"));
    this.roster.clear();
    for (const [userId, seat] of rosterFrom(stored.roster)) this.roster.set(userId, seat);
    this.overseers = overseersFrom(stored.oversight);
    this.firedInjects.clear();
    for (const key of stored.firedInjects) this.firedInjects.add(key);
    this.channels.clear();
    for (const c of stored.channels) {
      this.channels.set(c.id, {
        id: c.id,
        kind: c.kind,
        name: c.name,
        members: new Set(c.members),
        pending: new Set(c.pending),
        everMembers: new Set(c.everMembers),
        ...(c.requestedBy ? { requestedBy: c.requestedBy } : {}),
        closed: c.closed,
      });
    }
  }

  /** Re-reads the live state from storage; call inside `exclusive`. */
  async reload(): Promise<void> {
    const fresh = await this.sync.load(this.exerciseId);
    if (fresh) this.reset(fresh.stored, fresh.agreements);
  }

  /**
   * Runs `task` after every earlier task of this exercise has finished here, and while no
   * other node runs one; the state is reloaded first if another node changed it.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const locked = () => this.sync.lock.hold(this, () => this.reload(), task);
    const run = this.queue.then(locked, locked);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A command changed what the room holds: other nodes reload, and viewers are built again. */
  stateChanged(): void {
    this.changed = true;
    this.viewers.clear();
  }

  /** Seats a person live (or unseats them, `null`): delivery decides from the new seat at once. */
  seat(userId: string, seat: Seat | null): void {
    if (seat) this.roster.set(userId, seat);
    else this.roster.delete(userId);
    this.viewers.clear();
  }

  roleName(roleKey: string | undefined): string {
    return this.scenario.roles.find((r) => r.key === roleKey)?.name ?? roleKey ?? "Facilitator";
  }

  get observersSeeBackchannels(): boolean {
    return this.settings.observersSeeBackchannels;
  }

  /** Channels a seat may list (the rule is the visibility module's `canList`). */
  channelsFor(seat: Seat): ChannelDto[] {
    const phase = currentPhase(this.scenario, this.phaseIndex);
    const list: ChannelDto[] = [];
    for (const c of this.channels.values()) {
      if (!canList(seat, c, this.observersSeeBackchannels)) continue;
      list.push({
        id: c.id,
        kind: c.kind,
        name: c.name,
        members: [...c.members],
        pending: [...c.pending],
        ...(c.requestedBy ? { requestedBy: c.requestedBy } : {}),
        closed: c.closed,
        open: !c.closed && this.status === "running" && phaseOpens(phase, c.kind),
      });
    }
    return list;
  }
}

/** Each seated person's seat, from their active assignment rows. */
function rosterFrom(rows: readonly StoredSeat[]): Map<string, Seat> {
  const byUser = new Map<string, { systemRole: StoredSeat["systemRole"]; seats: AuthSeat[] }>();
  for (const row of rows) {
    const entry = byUser.get(row.userId) ?? { systemRole: row.systemRole, seats: [] };
    entry.seats.push({ seat: seatKindSchema.parse(row.seat), ...(row.roleKey ? { roleKey: row.roleKey } : {}) });
    byUser.set(row.userId, entry);
  }
  const roster = new Map<string, Seat>();
  for (const [userId, { systemRole, seats }] of byUser)
    roster.set(userId, seatOf({ userId, systemRole: systemRoleSchema.parse(systemRole), seats }));
  return roster;
}
