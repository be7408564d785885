// Real socket.io clients driving a running exercise through the shared ExerciseClient.
import type { ChannelDto, EventDto, JoinedExercise } from "../../lib/contract/events";
import { ExerciseClient, newClientKey } from "../../lib/client/exercise-client";
import { connected, type Client, type TestServer } from "./test-server";
import { seedCast, type Cast } from "./seed-exercise";
import { waitUntil } from "./wait";

export interface LiveMember {
  label: string;
  roleKey?: string;
  socket: Client;
  client: ExerciseClient;
  events: EventDto[];
  channels: ChannelDto[];
  joined: JoinedExercise | null;
}

export async function connectMember(server: TestServer, cast: Cast, label: string): Promise<LiveMember> {
  const member = cast.byLabel(label);
  const socket = server.client(member.cookie ? { cookie: member.cookie } : {});
  const live: LiveMember = {
    label,
    ...(member.roleKey ? { roleKey: member.roleKey } : {}),
    socket,
    events: [],
    channels: [],
    joined: null,
    client: undefined as unknown as ExerciseClient,
  };
  await connected(socket);
  let resolveJoined: () => void = () => {};
  let rejectJoined: (e: Error) => void = () => {};
  const joinedOnce = new Promise<void>((resolve, reject) => {
    resolveJoined = resolve;
    rejectJoined = reject;
  });
  live.client = new ExerciseClient(socket, cast.exerciseId, {
    onEvent: (e) => live.events.push(e),
    onReset: () => (live.events = []),
    onChannels: (c) => (live.channels = c),
    onJoined: (j) => {
      live.joined = j;
      resolveJoined();
    },
    onError: (e) => rejectJoined(new Error(`${label} could not join: ${e.code} ${e.message}`)),
  });
  await joinedOnce;
  return live;
}

/** A cast in a running exercise at the given phase, every member connected and joined. */
export async function runningExercise(server: TestServer, phaseIndex = 1, options: { before?: (cast: Cast) => Promise<void> } = {}) {
  const cast = await seedCast(server);
  await server.db.prisma.exercise.update({ where: { id: cast.exerciseId }, data: { phaseIndex } });
  // Changes to storage the room must see when it first loads (a scenario setting, for instance).
  await options.before?.(cast);
  // Storage was changed behind the live rooms' back (the lobby loaded the room): they read it anew.
  await server.context.live.forget(cast.exerciseId);
  const facilitator = await connectMember(server, cast, "facilitator");
  const started = await facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: cast.exerciseId, status: "running" });
  if (!started.ok) throw new Error(`could not start: ${started.message}`);
  const participants = new Map<string, LiveMember>();
  for (const role of cast.scenario.roles) participants.set(role.key, await connectMember(server, cast, `participant as ${role.key}`));
  const channel = (kind: ChannelDto["kind"], roleKey?: string) => {
    const list = roleKey ? participants.get(roleKey)?.channels : facilitator.channels;
    const found = list?.find((c) => c.kind === kind);
    if (!found) throw new Error(`no ${kind} channel for ${roleKey ?? "facilitator"}`);
    return found;
  };
  return { cast, facilitator, participants, channel, roles: cast.scenario.roles.map((r) => r.key) };
}

/** A backchannel `from` asked for and `to` accepted; its channel id. */
export async function openBackchannel(
  live: { cast: Cast; participants: Map<string, LiveMember> },
  from: string,
  to: string,
): Promise<string> {
  const exerciseId = live.cast.exerciseId;
  const request = await live.participants
    .get(from)!
    .socket.emitWithAck("backchannel:request", { exerciseId, roles: [to], clientKey: newClientKey() });
  if (!request.ok) throw new Error(request.message);
  const accepted = await live.participants
    .get(to)!
    .socket.emitWithAck("backchannel:respond", { exerciseId, channelId: request.data.channelId, accept: true, clientKey: newClientKey() });
  if (!accepted.ok) throw new Error(accepted.message);
  return request.data.channelId;
}

/**
 * Waits until `predicate` holds about what the member has received (live events, or a
 * catch-up that arrives in a join ack), failing after `timeoutMs`.
 */
export function until(member: LiveMember, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  return waitUntil(`${member.label}'s condition`, predicate, timeoutMs);
}

export const messages = (m: LiveMember, channelId?: string) =>
  m.events.filter((e) => e.type === "message.sent" && (channelId === undefined || e.channelId === channelId));
