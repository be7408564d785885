// Reads an exercise's live state from the database, and the projections that room
// operations write in the same transaction as their log event.
import type { Db } from "../db/client";
import type { Tx } from "../db/types";
import type { ChannelKind } from "../domain/channel-rules";
import { oversightEntryFrom, type OversightEntry } from "../domain/oversight";

export interface StoredChannel {
  id: string;
  kind: ChannelKind;
  name: string;
  requestedBy: string | null;
  closed: boolean;
  members: string[];
  pending: string[];
  /** Every role that was ever a member (a closed backchannel stays in their record). */
  everMembers: string[];
}

export interface StoredRoom {
  exerciseId: string;
  status: string;
  phaseIndex: number;
  /** JSON of the clock state, "" before the first start. */
  clock: string;
  settings: string;
  scenarioDefinition: string;
  channels: StoredChannel[];
  /** Keys of scenario injects already released. */
  firedInjects: string[];
  /** Everyone seated now (one row per active seat). */
  roster: StoredSeat[];
  /** Backchannel openings and observer-permission changes, in log order. */
  oversight: OversightEntry[];
}

export interface StoredSeat {
  userId: string;
  systemRole: string;
  seat: string;
  roleKey: string | null;
}

export interface RoomRepository {
  load(exerciseId: string): Promise<StoredRoom | null>;
  createChannel(
    tx: Tx,
    input: { id?: string; exerciseId: string; kind: ChannelKind; name: string; roleKey?: string; requestedBy?: string; seq: number },
  ): Promise<string>;
  addMembers(tx: Tx, channelId: string, roles: string[], seq: number): Promise<void>;
  endMembership(tx: Tx, channelId: string, roleKey: string, seq: number): Promise<void>;
  invite(tx: Tx, channelId: string, roles: string[], seq: number): Promise<void>;
  answerInvite(tx: Tx, channelId: string, roleKey: string, accepted: boolean, seq: number): Promise<void>;
  closeChannel(tx: Tx, channelId: string, seq: number): Promise<void>;
  saveRunState(tx: Tx, exerciseId: string, state: { status?: string; phaseIndex?: number; clock?: string }): Promise<void>;
  /** Merges keys into the exercise's settings JSON (other features keep theirs). */
  mergeSettings(tx: Tx, exerciseId: string, patch: Record<string, unknown>): Promise<void>;
  /** Exercises whose clock may be running (scheduled injects need them loaded at boot). */
  listActive(): Promise<string[]>;
  /** Sets a new join code (the old one stops working). */
  setJoinCode(tx: Tx, exerciseId: string, joinCode: string): Promise<void>;
  /** Opens a backchannel to every role's debrief, or closes it again. */
  setDeclassified(tx: Tx, channelId: string, on: boolean): Promise<void>;
}

export async function loadRoster(db: Db, exerciseId: string): Promise<StoredSeat[]> {
  const rows = await db.roleAssignment.findMany({
    where: { exerciseId, removedAt: null },
    include: { user: { select: { systemRole: true } } },
  });
  return rows.map((r) => ({ userId: r.userId, systemRole: r.user.systemRole, seat: r.seat, roleKey: r.roleKey }));
}

/** Events `after` < seq ≤ `upTo` of an exercise: a range of the log (by its (exercise, seq) index). */
const inRange = (exerciseId: string, after: number, upTo: number) => ({ exerciseId, seq: { gt: after, lte: upTo } });

const OVERSIGHT_TYPES = ["oversight.opened", "roster.removed", "exercise.settings"];
const SCENARIO_INJECT = "inject:scenario:";

/**
 * What a room takes from a range of its log, in one read: the oversight record (who opened
 * which backchannel, when observers lost the right) and the scenario's injects released.
 */
async function readFromLog(
  db: Db,
  exerciseId: string,
  after: number,
  upTo: number,
): Promise<{ oversight: OversightEntry[]; fired: string[] }> {
  const rows = await db.exerciseEvent.findMany({
    where: { ...inRange(exerciseId, after, upTo), type: { in: [...OVERSIGHT_TYPES, "inject.released"] } },
    orderBy: { seq: "asc" },
    select: { type: true, actorUserId: true, payload: true, idempotencyKey: true },
  });
  const oversight: OversightEntry[] = [];
  const fired: string[] = [];
  for (const row of rows) {
    if (row.type === "inject.released") {
      if (row.idempotencyKey?.startsWith(SCENARIO_INJECT)) fired.push(row.idempotencyKey.slice(SCENARIO_INJECT.length));
      continue;
    }
    const entry = oversightEntryFrom(row.type, row.actorUserId, JSON.parse(row.payload) as unknown);
    if (entry) oversight.push(entry);
  }
  return { oversight, fired };
}

/** What a room takes from its log, as of event `seq` of log revision `revision`. */
interface FromLog {
  seq: number;
  revision: number;
  oversight: readonly OversightEntry[];
  fired: readonly string[];
}

/** Exercises whose log-derived state a repository keeps (least recently loaded out first). */
const FROM_LOG_HELD = 200;

export function createRoomRepository(db: Db): RoomRepository {
  // The oversight record and the released injects come from scanning the exercise's log for a
  // few event types (tens of milliseconds at 100,000 events, on every load: a debrief loads
  // the room on each request). The log only grows, so what was read up to event N stays
  // true: a later load reads only the events after N. Erasure rewrites events in place and
  // moves the log revision, which starts the read over.
  const fromLog = new Map<string, FromLog>();
  async function logState(exerciseId: string, lastSeq: number, revision: number): Promise<FromLog> {
    const held = fromLog.get(exerciseId);
    const base = held && held.revision === revision && held.seq <= lastSeq ? held : { seq: 0, revision, oversight: [], fired: [] };
    if (base.seq === lastSeq) return base;
    const { oversight, fired } = await readFromLog(db, exerciseId, base.seq, lastSeq);
    const next: FromLog = { seq: lastSeq, revision, oversight: [...base.oversight, ...oversight], fired: [...base.fired, ...fired] };
    fromLog.delete(exerciseId);
    fromLog.set(exerciseId, next);
    if (fromLog.size > FROM_LOG_HELD) fromLog.delete(fromLog.keys().next().value!);
    return next;
  }

  return {
    async load(exerciseId) {
      const exercise = await db.exercise.findUnique({
        where: { id: exerciseId },
        include: {
          scenario: { select: { definition: true } },
          channels: { include: { memberships: true, invites: { where: { status: "pending" } } }, orderBy: { openedSeq: "asc" } },
        },
      });
      if (!exercise) return null;
      // Events up to the lastSeq just read are committed with it: the log read below stops
      // there, so a concurrent append is read by the next load, never half.
      const [roster, { oversight, fired }] = await Promise.all([
        loadRoster(db, exerciseId),
        logState(exerciseId, exercise.lastSeq, exercise.logRevision),
      ]);
      return {
        exerciseId,
        status: exercise.status,
        phaseIndex: exercise.phaseIndex,
        clock: exercise.clock,
        settings: exercise.settings,
        roster,
        oversight: [...oversight],
        firedInjects: [...fired],
        scenarioDefinition: exercise.scenario.definition,
        channels: exercise.channels.map((c) => ({
          id: c.id,
          kind: c.kind as ChannelKind,
          name: c.name,
          requestedBy: c.requestedBy,
          closed: c.closedSeq !== null,
          members: c.memberships.filter((m) => m.untilSeq === null).map((m) => m.roleKey),
          everMembers: [...new Set(c.memberships.map((m) => m.roleKey))],
          pending: c.invites.map((i) => i.roleKey),
        })),
      };
    },
    async createChannel(tx, input) {
      const channel = await tx.channel.create({
        data: {
          ...(input.id ? { id: input.id } : {}),
          exerciseId: input.exerciseId,
          kind: input.kind,
          name: input.name,
          roleKey: input.roleKey ?? null,
          requestedBy: input.requestedBy ?? null,
          openedSeq: input.seq,
        },
      });
      return channel.id;
    },
    async addMembers(tx, channelId, roles, seq) {
      if (roles.length === 0) return;
      await tx.channelMembership.createMany({ data: roles.map((roleKey) => ({ channelId, roleKey, fromSeq: seq })) });
    },
    async endMembership(tx, channelId, roleKey, seq) {
      await tx.channelMembership.updateMany({ where: { channelId, roleKey, untilSeq: null }, data: { untilSeq: seq } });
    },
    async invite(tx, channelId, roles, seq) {
      if (roles.length === 0) return;
      await tx.backchannelInvite.createMany({ data: roles.map((roleKey) => ({ channelId, roleKey, invitedSeq: seq })) });
    },
    async answerInvite(tx, channelId, roleKey, accepted, seq) {
      await tx.backchannelInvite.update({
        where: { channelId_roleKey: { channelId, roleKey } },
        data: { status: accepted ? "accepted" : "declined", respondedSeq: seq },
      });
    },
    async closeChannel(tx, channelId, seq) {
      await tx.channel.update({ where: { id: channelId }, data: { closedSeq: seq } });
      // Members' windows end where the channel closes (the closing event itself is role-addressed).
      await tx.channelMembership.updateMany({ where: { channelId, untilSeq: null }, data: { untilSeq: seq } });
      await tx.backchannelInvite.updateMany({ where: { channelId, status: "pending" }, data: { status: "declined", respondedSeq: seq } });
    },
    async saveRunState(tx, exerciseId, state) {
      await tx.exercise.update({ where: { id: exerciseId }, data: state });
    },
    async mergeSettings(tx, exerciseId, patch) {
      const row = await tx.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { settings: true } });
      const current = JSON.parse(row.settings || "{}") as Record<string, unknown>;
      await tx.exercise.update({ where: { id: exerciseId }, data: { settings: JSON.stringify({ ...current, ...patch }) } });
    },
    async setJoinCode(tx, exerciseId, joinCode) {
      await tx.exercise.update({ where: { id: exerciseId }, data: { joinCode } });
    },
    async setDeclassified(tx, channelId, on) {
      await tx.channel.update({ where: { id: channelId }, data: { declassifiedAt: on ? new Date() : null } });
    },
    async listActive() {
      const rows = await db.exercise.findMany({ where: { status: { in: ["running", "paused"] } }, select: { id: true } });
      return rows.map((r) => r.id);
    },
  };
}
