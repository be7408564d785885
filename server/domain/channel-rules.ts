// Who may speak where, and how backchannels open and close. Plain data in, a decision
// out: the room service applies these to its live state under a per-exercise lock.
import { MAX_MESSAGE_LENGTH } from "../../lib/contract/events";
import type { ErrorCode } from "../../lib/contract/result";
import type { Permission, Phase, Scenario } from "../../lib/scenario/scenario.schema";
import type { ExerciseStatus } from "./exercise-status";

import type { ChannelKind } from "../../lib/contract/vocabulary";
export type { ChannelKind };

export interface ChannelState {
  id: string;
  kind: ChannelKind;
  name: string;
  members: Set<string>;
  pending: Set<string>;
  everMembers: Set<string>;
  requestedBy?: string;
  closed: boolean;
}

export interface Speaker {
  staff: boolean;
  roleKey?: string;
}

export type Check = { ok: true } | { ok: false; code: ErrorCode; message: string };

const OK: Check = { ok: true };
const no = (code: ErrorCode, message: string): Check => ({ ok: false, code, message });

export function currentPhase(scenario: Scenario, phaseIndex: number): Phase | undefined {
  return scenario.phases[Math.min(Math.max(phaseIndex, 0), scenario.phases.length - 1)];
}

export function phaseOpens(phase: Phase | undefined, kind: ChannelKind): boolean {
  return phase?.channels.includes(kind) ?? false;
}

export function hasPermission(scenario: Scenario, roleKey: string | undefined, permission: Permission): boolean {
  return scenario.roles.find((r) => r.key === roleKey)?.permissions.includes(permission) ?? false;
}

export interface SendInput {
  scenario: Scenario;
  status: ExerciseStatus;
  phaseIndex: number;
  speaker: Speaker;
  channel: ChannelState | undefined;
  body: string;
  /** The exercise lets the facilitator speak in plenary as chair. */
  chairVoice?: boolean;
}

export function checkSend({ scenario, status, phaseIndex, speaker, channel, body, chairVoice = false }: SendInput): Check {
  if (!channel) return no("not_found", "That channel does not exist in this exercise");
  if (speaker.staff) {
    const asChair = chairVoice && channel.kind === "plenary";
    if (channel.kind !== "announcements" && !asChair)
      return no("forbidden", "Facilitators speak through announcements (and in plenary when the chair's voice is on)");
  } else {
    if (!speaker.roleKey) return no("forbidden", "You need a role before you can speak");
    if (channel.kind === "announcements") return no("forbidden", "Only the facilitator posts announcements");
    if (!channel.members.has(speaker.roleKey)) return no("not_member", "You are not a member of this channel");
    if (channel.kind === "plenary" && !hasPermission(scenario, speaker.roleKey, "speak-plenary")) {
      return no("forbidden", "Your role does not speak in plenary");
    }
  }
  if (status === "paused") return no("exercise_not_running", "The exercise is paused; messages can be sent when it resumes");
  if (status !== "running") return no("exercise_not_running", "The exercise is not running");
  if (channel.closed) return no("channel_closed", "This channel has been closed");
  if (!speaker.staff && !phaseOpens(currentPhase(scenario, phaseIndex), channel.kind)) {
    return no("channel_closed", `${label(channel.kind)} are closed in this phase`);
  }
  if (body.length > MAX_MESSAGE_LENGTH) return no("message_too_long", `Messages are limited to ${MAX_MESSAGE_LENGTH} characters`);
  return OK;
}

function label(kind: ChannelKind): string {
  return { plenary: "Plenary messages", backchannel: "Backchannels", team: "Team channels", announcements: "Announcements" }[kind];
}

export interface BackchannelInput {
  scenario: Scenario;
  status: ExerciseStatus;
  phaseIndex: number;
  roleKey: string | undefined;
  invited: string[];
}

/** A role asks others into a backchannel (convene: opens it at once, mediator only). */
export function checkBackchannel({ scenario, status, phaseIndex, roleKey, invited }: BackchannelInput, convene: boolean): Check {
  if (!roleKey) return no("forbidden", "You need a role first");
  if (!hasPermission(scenario, roleKey, convene ? "convene-backchannel" : "request-backchannel")) {
    return no("forbidden", convene ? "Only the mediator may convene a backchannel" : "Your role may not request backchannels");
  }
  if (status !== "running")
    return no("exercise_not_running", status === "paused" ? "The exercise is paused" : "The exercise is not running");
  if (!phaseOpens(currentPhase(scenario, phaseIndex), "backchannel")) return no("channel_closed", "Backchannels are closed in this phase");
  const others = invited.filter((r) => r !== roleKey);
  if (others.length === 0) return no("invalid_payload", "Invite at least one other role");
  const unknown = others.find((r) => !scenario.roles.some((x) => x.key === r));
  if (unknown) return no("invalid_payload", `There is no role "${unknown}" in this exercise`);
  return OK;
}

export function checkRespond(channel: ChannelState | undefined, roleKey: string | undefined, status: ExerciseStatus): Check {
  if (!channel || channel.kind !== "backchannel") return no("not_found", "No such backchannel");
  if (!roleKey || !channel.pending.has(roleKey)) return no("conflict", "You have no open invitation to this backchannel");
  if (channel.closed) return no("channel_closed", "This backchannel has been closed");
  if (status !== "running") return no("exercise_not_running", "The exercise is not running");
  return OK;
}

export function checkLeave(channel: ChannelState | undefined, roleKey: string | undefined): Check {
  if (!channel || channel.kind !== "backchannel") return no("not_found", "No such backchannel");
  if (!roleKey || !channel.members.has(roleKey)) return no("not_member", "You are not in this backchannel");
  if (channel.closed) return no("channel_closed", "This backchannel is already closed");
  return OK;
}

/** A backchannel lives while two roles are in it or someone may still accept. */
export function closesAfterLeave(channel: ChannelState, leaving: string): boolean {
  const remaining = [...channel.members].filter((r) => r !== leaving).length;
  return remaining + channel.pending.size < 2;
}
