// The live state of one running exercise, kept by the socket server: the scenario, the
// status and phase, and each channel's current members. Every change goes through
// `exclusive`, so validation, the log append and the relay happen one at a time per
// exercise, in sequence order.
import type { ChannelDto } from "../../lib/contract/events";
import type { Scenario } from "../../lib/scenario/scenario.schema";
import { currentPhase, phaseOpens, type ChannelState } from "../domain/channel-rules";
import { exerciseStatusSchema, type ExerciseStatus } from "../domain/exercise-status";
import { parseScenario } from "../exercises/exercise.service";
import { clockStateSchema, initialClock, type ClockState } from "../domain/clock";
import { z } from "zod";

export const roomSettingsSchema = z.object({ observersSeeBackchannels: z.boolean().default(false) });
export type RoomSettings = z.infer<typeof roomSettingsSchema>;
import type { StoredRoom } from "../storage/room.repository";
import type { AgreementState } from "../storage/agreement.repository";

export class ExerciseRoom {
  readonly exerciseId: string;
  readonly scenario: Scenario;
  status: ExerciseStatus;
  phaseIndex: number;
  readonly channels = new Map<string, ChannelState>();
  clock: ClockState;
  settings: RoomSettings;
  readonly firedInjects: Set<string>;
  readonly agreements = new Map<string, AgreementState>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(stored: StoredRoom, agreements: AgreementState[] = []) {
    for (const a of agreements) this.agreements.set(a.id, a);
    this.exerciseId = stored.exerciseId;
    this.scenario = parseScenario(stored.scenarioDefinition);
    this.status = exerciseStatusSchema.parse(stored.status);
    this.phaseIndex = stored.phaseIndex;
    this.clock = stored.clock ? clockStateSchema.parse(JSON.parse(stored.clock)) : initialClock(stored.phaseIndex);
    this.settings = roomSettingsSchema.parse(JSON.parse(stored.settings || "{}"));
    this.firedInjects = new Set(stored.firedInjects);
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

  /** Runs `task` after every earlier task of this exercise has finished. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  roleName(roleKey: string | undefined): string {
    return this.scenario.roles.find((r) => r.key === roleKey)?.name ?? roleKey ?? "Facilitator";
  }

  /** Channels a viewer may list: staff see all; a role sees those it is in or invited to. */
  channelsFor(viewer: { staff: boolean; roleKey?: string; observer?: boolean }): ChannelDto[] {
    const phase = currentPhase(this.scenario, this.phaseIndex);
    const list: ChannelDto[] = [];
    for (const c of this.channels.values()) {
      const involved = viewer.roleKey !== undefined && (c.everMembers.has(viewer.roleKey) || c.pending.has(viewer.roleKey));
      const publicChannel = c.kind === "plenary" || c.kind === "announcements";
      if (!viewer.staff && !involved && !(viewer.observer && publicChannel)) continue;
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
