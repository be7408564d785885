// The exercise log's vocabulary: every event type the server writes, with its payload,
// as one zod union shared by server and browser. Storage parses rows with it; consumers
// switch on `type` and get the payload's type without a cast. No Node-only imports.
import { z } from "zod";
import { exerciseStatusSchema } from "./vocabulary.schema";
import { changeSchema, clauseSchema } from "../agreements/agreement";

const id = z.string().min(1);
const roleKey = z.string().min(1);

const exerciseStatus = exerciseStatusSchema;

/** The server clock's state (server/domain/clock.ts computes with it). */
export const clockSchema = z.object({
  phaseIndex: z.number().int().min(0),
  running: z.boolean(),
  resumedAt: z.number(),
  elapsedBeforeMs: z.number().min(0),
  extensionMs: z.number().min(0),
});

/** How the phase being left went, for the debrief's "phases overrun". */
const phaseOutcome = z.object({ index: z.number().int().min(0), elapsedMs: z.number(), plannedMs: z.number() });

/** Every change of status, phase or clock carries the run state it leads to. */
const run = { status: exerciseStatus, phaseIndex: z.number().int().min(0), clock: clockSchema, serverTime: z.number() };

/** Agreement events name their agreement and its title as it was then. */
const agreement = { agreementId: id, title: z.string() };
/** Who proposed an amendment: their role, and the person when known. */
const proposer = z.object({ roleKey, userId: id.optional() });

/** A ballot: one role's answer in a clause vote. */
export const voteChoiceSchema = z.enum(["yes", "no", "abstain"]);
export type VoteChoice = z.infer<typeof voteChoiceSchema>;
const tally = z.object({ yes: z.number().int().min(0), no: z.number().int().min(0), abstain: z.number().int().min(0) });
export type VoteTally = z.infer<typeof tally>;

const backchannelOpened = { channelId: id, title: z.string(), roles: z.array(roleKey), requestedBy: z.string() };
const backchannelAnswer = { channelId: id, roleKey, closed: z.boolean() };
const person = { userId: id };
const namedChannel = { channelId: id, channelName: z.string() };

function member<T extends string, P extends z.ZodRawShape>(type: T, payload: P) {
  return z.object({ type: z.literal(type), payload: z.object(payload) });
}

export const logEventSchema = z.discriminatedUnion("type", [
  // Exercise lifecycle
  member("exercise.created", { scenario: z.string(), contentHash: z.string() }),
  member("exercise.lobby-opened", {}),
  member("exercise.join-code-rotated", {}),
  member("exercise.status", {
    from: exerciseStatus,
    to: exerciseStatus,
    leftPhase: phaseOutcome.optional(),
    reason: z.string().optional(),
    ...run,
  }),
  member("exercise.phase", {
    from: z.number().int().min(0),
    to: z.number().int().min(0),
    title: z.string().optional(),
    leftPhase: phaseOutcome,
    ...run,
  }),
  member("exercise.extended", { minutes: z.number().int().min(1), ...run }),
  member("exercise.settings", { observersSeeBackchannels: z.boolean(), chairVoice: z.boolean().optional() }),

  // Seats
  member("role.assigned", { userId: id, roleKey, from: z.string().nullable().optional(), by: z.enum(["self", "facilitator"]).optional() }),
  /** Old logs only: now written as role.assigned. */
  member("roster.assigned", { userId: id, roleKey, from: z.string().nullable() }),
  member("roster.removed", person),
  member("roster.readmitted", person),
  member("roster.observer-added", person),

  // Talk
  // clientKey: the author's key for it, so their own pending copy is matched to the message.
  // clause: the agreement clause the message discusses (its thread, in the agreement's channel).
  member("message.sent", {
    body: z.string(),
    authorName: z.string(),
    roleName: z.string(),
    clientKey: z.string().optional(),
    clause: z.object({ agreementId: id, clauseKey: z.string().min(1) }).optional(),
  }),
  member("announcement.sent", { body: z.string(), roles: z.array(roleKey) }),
  member("inject.released", {
    injectKey: z.string().nullable(),
    title: z.string(),
    text: z.string(),
    audience: z.union([z.literal("all"), z.array(roleKey)]),
    scheduled: z.boolean(),
  }),

  // Backchannels
  member("backchannel.requested", backchannelOpened),
  member("backchannel.convened", backchannelOpened),
  member("backchannel.accepted", backchannelAnswer),
  member("backchannel.declined", backchannelAnswer),
  member("backchannel.left", backchannelAnswer),

  // Oversight and declassification
  member("oversight.opened", { channelId: id, channelName: z.string(), reader: z.string(), seat: z.enum(["facilitator", "observer"]) }),
  member("channel.declassified", namedChannel),
  member("channel.reclassified", namedChannel),

  // Agreements
  member("agreement.created", {
    ...agreement,
    version: z.number().int().min(1),
    clauses: z.array(clauseSchema),
    status: z.literal("draft"),
    channelId: id,
  }),
  member("agreement.version", {
    ...agreement,
    version: z.number().int().min(1),
    clauses: z.array(clauseSchema),
    change: changeSchema.optional(),
    reason: z.string().optional(),
    /** Set when the version is an accepted amendment. */
    amendmentId: id.optional(),
    /** An accepted amendment's proposer, credited with the version (the actor is who accepted it). Absent in older logs. */
    proposedBy: proposer.optional(),
    /** The role that accepted the amendment. Absent in older logs: the actor. */
    decidedBy: roleKey.optional(),
  }),
  member("agreement.amendment-proposed", {
    ...agreement,
    amendmentId: id,
    baseVersion: z.number().int().min(1),
    change: changeSchema,
    reason: z.string().nullable(),
  }),
  // The actor decided; proposer and reason are repeated for the history (absent in older logs).
  member("agreement.amendment-decided", {
    ...agreement,
    amendmentId: id,
    accepted: z.boolean(),
    proposedBy: proposer.optional(),
    reason: z.string().optional(),
  }),
  member("agreement.tabled", {
    ...agreement,
    version: z.number().int().min(1),
    clauses: z.array(clauseSchema),
    status: z.literal("tabled"),
    channelId: id,
    tabledBy: roleKey,
  }),
  member("agreement.signed", { ...agreement, version: z.number().int().min(1), roleKey }),
  member("agreement.status", { ...agreement, status: z.enum(["signed", "withdrawn", "collapsed"]), version: z.number().int().min(1) }),
  // Clause votes (straw polls): on one clause (clauseKey) or the whole text (null) of one version.
  member("agreement.vote-opened", {
    ...agreement,
    voteId: id,
    version: z.number().int().min(1),
    clauseKey: z.string().nullable(),
    clauseTitle: z.string().nullable(),
    /** Secret: choices never leave the server, only who has voted and the count. */
    secret: z.boolean(),
    /** The roles that may vote: the channel's seated delegations when it was called. */
    electorate: z.array(roleKey),
  }),
  /** `choice` only in an open vote. */
  member("agreement.vote-cast", { ...agreement, voteId: id, roleKey, choice: voteChoiceSchema.optional() }),
  member("agreement.vote-closed", {
    ...agreement,
    voteId: id,
    tally,
    /** Electorate roles that did not vote. */
    notVoted: z.array(roleKey),
    /** Each role's choice, in an open vote only. */
    ballots: z.record(z.string(), voteChoiceSchema).optional(),
    /** Closed by its caller, or by the last ballot ("complete"). */
    closedBy: z.enum(["caller", "complete"]),
  }),
]);

export type LogEvent = z.infer<typeof logEventSchema>;
export type LogEventType = LogEvent["type"];
export type LogEventOf<T extends LogEventType> = Extract<LogEvent, { type: T }>;
export type PayloadOf<T extends LogEventType> = LogEventOf<T>["payload"];

/** Every type, for tests and tables keyed by type. */
export const LOG_EVENT_TYPES: readonly LogEventType[] = logEventSchema.options.map((o) => o.shape.type.value);

/** The default branch of a switch that must handle every event type: the compiler names the ones left out. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled exercise log event: ${JSON.stringify(value)}`);
}
