// The one Socket.io contract for client and server. Payloads are zod schemas; the
// TypeScript event maps are inferred from them. No Node-only imports: app/ uses this.
// docs/protocol.md describes every event, who may send it and its error codes.
import { z } from "zod";
import type { Result } from "./result";
import type { ChannelKind, ExerciseStatus } from "./vocabulary";
import { changeSchema } from "../agreements/agreement";
import { voteChoiceSchema, type LogEvent, type VoteChoice, type VoteTally } from "./log-events";

import { MAX_MESSAGE_LENGTH } from "./limits";
export { MAX_MESSAGE_LENGTH };

const id = z.string().min(1).max(64);
const roleKey = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(64);
/** Chosen by the client per message and reused on every retry of it. */
const clientKey = z.string().min(8).max(128);
/**
 * The same for every other command: optional for other clients, always sent by the
 * browser's client; a resend with the same key gets the first answer and changes nothing.
 */
const commandKey = clientKey.optional();

export const clientEvents = {
  "system:ping": z.object({ sentAt: z.number().int().nonnegative() }),
  "exercise:join": z.object({ exerciseId: id, afterSeq: z.number().int().min(0).default(0) }),
  /** The next page of a catch-up (the join's ack said `more`). */
  "exercise:history": z.object({ exerciseId: id, afterSeq: z.number().int().min(0) }),
  "message:send": z.object({
    exerciseId: id,
    channelId: id,
    // Length is checked by the domain so that an over-long message gets its own code.
    body: z.string().trim().min(1, "a message cannot be empty"),
    /** Posts in a clause's thread: the agreement must be in this channel and have the clause now. */
    clause: z.object({ agreementId: id, clauseKey: id }).optional(),
    clientKey,
  }),
  "backchannel:request": z.object({
    exerciseId: id,
    roles: z.array(roleKey).min(1).max(12),
    title: z.string().trim().max(80).optional(),
    clientKey,
  }),
  "backchannel:convene": z.object({
    exerciseId: id,
    roles: z.array(roleKey).min(2).max(12),
    title: z.string().trim().max(80).optional(),
    clientKey,
  }),
  "backchannel:respond": z.object({ exerciseId: id, channelId: id, accept: z.boolean(), clientKey }),
  "backchannel:leave": z.object({ exerciseId: id, channelId: id, clientKey }),
  "typing:set": z.object({ exerciseId: id, channelId: id, typing: z.boolean() }),
  /** `reason`: told to everyone with the change (why the facilitator pauses, for instance). */
  "exercise:set-status": z.object({
    exerciseId: id,
    status: z.enum(["running", "paused", "ended"]),
    reason: z.string().trim().max(200).optional(),
    clientKey: commandKey,
  }),
  "exercise:set-phase": z.object({ exerciseId: id, phaseIndex: z.number().int().min(0), clientKey: commandKey }),
  "exercise:extend": z.object({ exerciseId: id, minutes: z.number().int().min(1).max(120), clientKey: commandKey }),
  /** Changes the settings named; the others keep their value. */
  "exercise:settings": z
    .object({ exerciseId: id, observersSeeBackchannels: z.boolean().optional(), chairVoice: z.boolean().optional(), clientKey: commandKey })
    .refine((s) => s.observersSeeBackchannels !== undefined || s.chairVoice !== undefined, "name a setting to change"),
  "inject:release": z.object({
    exerciseId: id,
    injectKey: roleKey.optional(),
    title: z.string().trim().min(1).max(200),
    text: z.string().trim().min(1).max(5000),
    audience: z.union([z.literal("all"), z.array(roleKey).min(1)]),
    clientKey: commandKey,
  }),
  "announcement:send": z.object({
    exerciseId: id,
    body: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH),
    roles: z.array(roleKey).min(1),
    clientKey: commandKey,
  }),
  "oversight:open": z.object({ exerciseId: id, channelId: id }),
  "oversight:history": z.object({ exerciseId: id, channelId: id, afterSeq: z.number().int().min(0) }),
  "roster:assign": z.object({ exerciseId: id, userId: id, roleKey, clientKey: commandKey }),
  "roster:remove": z.object({ exerciseId: id, userId: id, clientKey: commandKey }),
  "roster:readmit": z.object({ exerciseId: id, userId: id, clientKey: commandKey }),
  "roster:add-observer": z.object({ exerciseId: id, email: z.email(), clientKey: commandKey }),
  "agreement:create": z.object({
    exerciseId: id,
    channelId: id,
    title: z.string().trim().max(200).optional(),
    fromTemplate: z.boolean().default(true),
    clientKey,
  }),
  "agreement:propose": z.object({
    exerciseId: id,
    agreementId: id,
    baseVersion: z.number().int().min(1),
    change: changeSchema,
    reason: z.string().trim().max(1000).optional(),
    clientKey,
  }),
  "agreement:decide": z.object({ exerciseId: id, agreementId: id, amendmentId: id, accept: z.boolean(), clientKey: commandKey }),
  "agreement:table": z.object({ exerciseId: id, agreementId: id, clientKey: commandKey }),
  "agreement:sign": z.object({ exerciseId: id, agreementId: id, version: z.number().int().min(1), clientKey: commandKey }),
  "agreement:close": z.object({ exerciseId: id, agreementId: id, status: z.enum(["withdrawn", "collapsed"]), clientKey: commandKey }),
  /** A straw poll on one clause (`clauseKey`) or, without it, on the whole current text. */
  "agreement:call-vote": z.object({ exerciseId: id, agreementId: id, clauseKey: id.optional(), clientKey: commandKey }),
  "agreement:vote": z.object({ exerciseId: id, agreementId: id, voteId: id, choice: voteChoiceSchema, clientKey: commandKey }),
  "agreement:close-vote": z.object({ exerciseId: id, agreementId: id, voteId: id, clientKey: commandKey }),
} as const;

export type ClientEventName = keyof typeof clientEvents;
export type ClientPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]>;

export interface ServerInfo {
  version: string;
  serverTime: number;
}

export interface PongData {
  sentAt: number;
  serverTime: number;
}

/** One exercise-log event as a viewer receives it; `switch (e.type)` narrows `e.payload`. */
export type EventDto = {
  seq: number;
  at: string;
  actor: { userId?: string; roleKey?: string; name?: string };
  channelId?: string;
} & LogEvent;

export interface ChannelDto {
  id: string;
  kind: ChannelKind;
  name: string;
  /** Roles currently in the channel. */
  members: string[];
  /** Roles invited to a backchannel who have not answered yet. */
  pending: string[];
  requestedBy?: string;
  closed: boolean;
  /** Whether the current phase lets messages be sent here. */
  open: boolean;
}

/** The server clock (server/domain/clock.ts); remaining time is computed from it. */
export interface ClockDto {
  phaseIndex: number;
  running: boolean;
  resumedAt: number;
  elapsedBeforeMs: number;
  extensionMs: number;
}

export interface RunSnapshotDto {
  status: ExerciseStatus;
  phaseIndex: number;
  clock: ClockDto;
  serverTime: number;
}

export interface JoinedExercise {
  exerciseId: string;
  status: ExerciseStatus;
  phaseIndex: number;
  clock: ClockDto;
  /** Server time when this answer was made, to align the client's clock. */
  serverTime: number;
  observersSeeBackchannels: boolean;
  /** The facilitator may speak in plenary as chair (recorded as the facilitator). */
  chairVoice: boolean;
  /** The viewer's role; absent for staff. */
  roleKey?: string;
  staff: boolean;
  lastSeq: number;
  channels: ChannelDto[];
  /** Backchannels this person opened (audited) and may still read. */
  opened: string[];
  /** Who this is, and who is in the exercise (as this seat may see it). */
  you: { userId: string; name: string };
  roster: RosterDto;
  /** The first page of everything after the requested seq that this viewer may see, in order. */
  events: EventDto[];
  /** More pages follow: ask `exercise:history` after the last event's seq until this is false. */
  more: boolean;
}

/** One page of a history (catch-up or an opened backchannel). */
export interface HistoryPage {
  events: EventDto[];
  more: boolean;
}

/** One seated person, as the roster shows them. */
export interface RosterPersonDto {
  userId: string;
  displayName: string;
  seat: "facilitator" | "participant" | "observer";
  roleKey: string | null;
}

/** Who is in the exercise: staff see everyone and who was removed; others see the delegations. */
export interface RosterDto {
  people: RosterPersonDto[];
  removed: RosterPersonDto[];
}

export interface PresenceDto {
  exerciseId: string;
  /** Online people per role key ("staff" for facilitators). */
  online: Record<string, string[]>;
}

export interface TypingDto {
  exerciseId: string;
  channelId: string;
  roleKey: string;
  name: string;
  typing: boolean;
}

type Ack<T> = (result: Result<T>) => void;

export interface ClientToServerEvents {
  "system:ping": (payload: ClientPayload<"system:ping">, ack: Ack<PongData>) => void;
  "exercise:join": (payload: ClientPayload<"exercise:join">, ack: Ack<JoinedExercise>) => void;
  "exercise:history": (payload: ClientPayload<"exercise:history">, ack: Ack<HistoryPage>) => void;
  "message:send": (payload: ClientPayload<"message:send">, ack: Ack<{ seq: number; at: string }>) => void;
  "backchannel:request": (payload: ClientPayload<"backchannel:request">, ack: Ack<{ channelId: string }>) => void;
  "backchannel:convene": (payload: ClientPayload<"backchannel:convene">, ack: Ack<{ channelId: string }>) => void;
  "backchannel:respond": (payload: ClientPayload<"backchannel:respond">, ack: Ack<{ channelId: string }>) => void;
  "backchannel:leave": (payload: ClientPayload<"backchannel:leave">, ack: Ack<{ channelId: string }>) => void;
  "typing:set": (payload: ClientPayload<"typing:set">) => void;
  "exercise:set-status": (payload: ClientPayload<"exercise:set-status">, ack: Ack<RunSnapshotDto>) => void;
  "exercise:set-phase": (payload: ClientPayload<"exercise:set-phase">, ack: Ack<RunSnapshotDto>) => void;
  "exercise:extend": (payload: ClientPayload<"exercise:extend">, ack: Ack<RunSnapshotDto>) => void;
  "exercise:settings": (
    payload: ClientPayload<"exercise:settings">,
    ack: Ack<{ observersSeeBackchannels: boolean; chairVoice: boolean }>,
  ) => void;
  "inject:release": (payload: ClientPayload<"inject:release">, ack: Ack<{ seq: number }>) => void;
  "announcement:send": (payload: ClientPayload<"announcement:send">, ack: Ack<{ seq: number }>) => void;
  "oversight:open": (payload: ClientPayload<"oversight:open">, ack: Ack<HistoryPage>) => void;
  "oversight:history": (payload: ClientPayload<"oversight:history">, ack: Ack<HistoryPage>) => void;
  "roster:assign": (payload: ClientPayload<"roster:assign">, ack: Ack<{ userId: string; roleKey: string }>) => void;
  "roster:remove": (payload: ClientPayload<"roster:remove">, ack: Ack<{ userId: string }>) => void;
  "roster:readmit": (payload: ClientPayload<"roster:readmit">, ack: Ack<{ userId: string }>) => void;
  "roster:add-observer": (payload: ClientPayload<"roster:add-observer">, ack: Ack<{ userId: string }>) => void;
  "agreement:create": (payload: ClientPayload<"agreement:create">, ack: Ack<{ agreementId: string }>) => void;
  "agreement:propose": (payload: ClientPayload<"agreement:propose">, ack: Ack<{ version?: number; amendmentId?: string }>) => void;
  "agreement:decide": (payload: ClientPayload<"agreement:decide">, ack: Ack<{ version?: number }>) => void;
  "agreement:table": (payload: ClientPayload<"agreement:table">, ack: Ack<{ version: number }>) => void;
  "agreement:sign": (payload: ClientPayload<"agreement:sign">, ack: Ack<{ signed: boolean }>) => void;
  "agreement:close": (payload: ClientPayload<"agreement:close">, ack: Ack<{ status: string }>) => void;
  "agreement:call-vote": (payload: ClientPayload<"agreement:call-vote">, ack: Ack<{ voteId: string }>) => void;
  "agreement:vote": (payload: ClientPayload<"agreement:vote">, ack: Ack<{ choice: VoteChoice; closed: boolean }>) => void;
  "agreement:close-vote": (payload: ClientPayload<"agreement:close-vote">, ack: Ack<{ tally: VoteTally }>) => void;
}

/** Wrong join codes one or two keystrokes from this exercise's code, as its staff hear of them. */
export interface JoinAlarmDto {
  /** How many such codes came in over the last `windowMinutes` (counted per server node). */
  nearMisses: number;
  windowMinutes: number;
  /** Seconds the address that sent the latest one must now wait before trying again (0: none). */
  slowedForS: number;
}

export interface ServerToClientEvents {
  "system:hello": (info: ServerInfo) => void;
  /** This node is shutting down: it closes the socket in about `reconnectInMs`; the client reconnects (to another node) and resends its outbox. */
  "system:draining": (notice: { reconnectInMs: number }) => void;
  "exercise:event": (event: EventDto & { exerciseId: string }) => void;
  "exercise:channels": (update: { exerciseId: string; channels: ChannelDto[] }) => void;
  "presence:update": (presence: PresenceDto) => void;
  "typing:update": (typing: TypingDto) => void;
  /** The user's seat in this exercise changed: re-join from the start to get the new view. */
  "exercise:seat-changed": (change: { exerciseId: string }) => void;
  /** Someone joined, took or was given a role, was removed or re-admitted. */
  "exercise:roster": (update: { exerciseId: string; roster: RosterDto }) => void;
  /** The facilitator removed this person from the exercise; their sockets close next. */
  "exercise:removed": (notice: { exerciseId: string }) => void;
  /** The exercise was deleted: everyone in it hears so, then their sockets close. */
  "exercise:deleted": (notice: { exerciseId: string }) => void;
  /** Staff only: a wrong join code nearly matched this exercise's code (someone mistyping it). */
  "exercise:join-alarm": (alarm: JoinAlarmDto & { exerciseId: string }) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in when nodes talk to each other
export interface InterServerEvents {}
