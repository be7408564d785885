// Property: for random sequences of messages, backchannel requests, answers and departures,
// seat changes, removals and re-admissions, observer permissions, oversight openings,
// disconnects, late joiners and typing, driven through real socket.io clients, every
// delivery path (live fan-out, catch-up, oversight, channel lists, typing, replay and
// exports) gives each person what docs/protocol.md ("Who sees what") says their seat may
// see: nothing more (no leak), and, live, nothing less (no loss) and nothing twice. The
// expectation is a model of the commands written here, not the server's visibility module.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as replay from "../../app/api/exercises/[id]/replay/route";
import * as transcript from "../../app/api/exercises/[id]/transcript/route";
import { ExerciseClient, newClientKey } from "../../lib/client/exercise-client";
import type { ChannelDto, EventDto, JoinedExercise, TypingDto } from "../../lib/contract/events";
import type { ReplayData } from "../../server/debrief/replay.service";
import { connected, startTestServer, type Client, type TestServer } from "../helpers/test-server";
import { runningExercise } from "../helpers/live";
import { waitUntil } from "../helpers/wait";

// ---- Commands ----

type Target = "plenary" | "team" | { bc: number };
/**
 * `directed`: the command is given to someone it suits (a member of the backchannel, a role
 * it invited, a backchannel with someone to answer); otherwise to anyone, usually refused.
 */
type Command =
  | { kind: "send"; person: number; target: Target; directed: boolean }
  | { kind: "request"; person: number; invitees: number[] }
  /** A new request to the same roles as an earlier backchannel. */
  | { kind: "reinvite"; person: number; bc: number }
  | { kind: "respond"; bc: number; pick: number; accept: boolean; directed: boolean }
  | { kind: "leave"; bc: number; pick: number; directed: boolean }
  | { kind: "assign"; person: number; role: number }
  | { kind: "remove"; person: number }
  | { kind: "readmit"; pick: number }
  | { kind: "settings"; on: boolean }
  | { kind: "observe"; bc: number }
  | { kind: "oversee"; bc: number }
  | { kind: "drop"; person: number }
  /** Someone not connected (a late joiner the first time) connects and joins. */
  | { kind: "connect"; pick: number }
  | { kind: "typing"; person: number; target: Target; typing: boolean; directed: boolean };

/** Persons 0–5 play the six roles, 6 is a second host, 7 joins late, 8 is the observer. */
const PERSONS = 9;
const person = fc.nat({ max: PERSONS - 1 });
const role = fc.nat({ max: 5 });
const bc = fc.nat({ max: 7 });
const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 1, arbitrary: fc.constant("plenary" as const) },
  { weight: 1, arbitrary: fc.constant("team" as const) },
  { weight: 2, arbitrary: bc.map((i) => ({ bc: i })) },
);
const mostly = fc.nat(4).map((n) => n > 0);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("send" as const), person, target, directed: mostly }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("request" as const), person, invitees: fc.array(role, { minLength: 1, maxLength: 3 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reinvite" as const), person, bc }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("respond" as const), bc, pick: fc.nat(8), accept: mostly, directed: mostly }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("leave" as const), bc, pick: fc.nat(8), directed: mostly }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("assign" as const), person, role }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), person }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("readmit" as const), pick: fc.nat(8) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("settings" as const), on: fc.nat(2).map((n) => n > 0) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("observe" as const), bc }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("oversee" as const), bc }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), person }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("connect" as const), pick: fc.nat(8) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("typing" as const), person, target, typing: fc.boolean(), directed: mostly }) },
);

// ---- The model (docs/protocol.md, "Who sees what") ----

type ChannelKind = ChannelDto["kind"];
interface ModelChannel {
  id: string;
  kind: ChannelKind;
  /** Roles in the channel now. */
  members: Set<string>;
  pending: Set<string>;
  /** Roles ever in or invited to it: the ones that may list it. */
  ever: Set<string>;
  /** The roles of the request that made it (a re-invitation asks them again). */
  involved: string[];
  closed: boolean;
}

/** Who an event is addressed to; a channel event carries the roles in the channel at its seq. */
type Audience =
  | { kind: "exercise" }
  | { kind: "roles"; roles: readonly string[] }
  | { kind: "staff" }
  | { kind: "channel"; channelId: string; members: ReadonlySet<string> };

interface ModelEvent {
  seq: number;
  type: string;
  to: Audience;
  /** People whose seat may see it when it is published (model state after the command). */
  live: Set<string>;
}

interface Person {
  key: string;
  name: string;
  userId: string;
  cookie: string;
  kind: "facilitator" | "observer" | "participant";
  /** The role played now (kept while removed: re-admission restores it). */
  role?: string;
  removed: boolean;
  sock: Sock | null;
}

/** One socket and everything pushed to it, from the moment it connected. */
interface Sock {
  person: Person;
  socket: Client;
  /** Connected and joined: live events from now on must reach it. */
  joined: boolean;
  joins: JoinedExercise[];
  pushed: number[];
  expected: Set<number>;
  /** The person's role as this socket's own stream tells it (role.assigned events). */
  seatRole: string | undefined;
  lists: { role: string | undefined; observersAllowed: boolean; channels: ChannelDto[]; via: string }[];
  typing: { update: TypingDto; step: number }[];
}

interface TypingSent {
  channelId: string;
  name: string;
  typing: boolean;
  step: number;
  audience: Set<string>;
}

const isPublic = (kind: ChannelKind) => kind === "plenary" || kind === "announcements";

class Model {
  seq = 0;
  step = 0;
  readonly channels = new Map<string, ModelChannel>();
  readonly backchannels: ModelChannel[] = [];
  readonly events = new Map<number, ModelEvent>();
  readonly persons: Person[] = [];
  readonly sockets: Sock[] = [];
  readonly typingSent: TypingSent[] = [];
  observersAllowed = false;
  /** The permission the lists now arriving were made under (changed only behind a fence). */
  listsAllowObservers = false;
  readonly facilitatorOpened = new Set<string>();
  readonly observerOpened = new Set<string>();

  constructor(readonly roles: readonly string[]) {}

  /** Whether a person's seat may see an event addressed so, in the model's state now. */
  sees(p: Person, to: Audience): boolean {
    if (p.removed) return false;
    const channel = to.kind === "channel" ? this.channels.get(to.channelId) : undefined;
    if (p.kind === "facilitator") return !channel || channel.kind !== "backchannel" || this.facilitatorOpened.has(channel.id);
    if (p.kind === "observer") {
      if (to.kind === "exercise") return true;
      if (!channel) return false;
      return isPublic(channel.kind) || (channel.kind === "backchannel" && this.observersAllowed && this.observerOpened.has(channel.id));
    }
    const r = p.role;
    if (r === undefined) return false;
    switch (to.kind) {
      case "exercise":
        return true;
      case "roles":
        return to.roles.includes(r);
      case "channel":
        return to.members.has(r);
      case "staff":
        return false;
    }
  }

  /** Records the event the last command appended; every joined socket entitled to it must get it. */
  append(type: string, to: Audience): ModelEvent {
    const seq = ++this.seq;
    const live = new Set(this.persons.filter((p) => this.sees(p, to)).map((p) => p.key));
    const event = { seq, type, to, live };
    this.events.set(seq, event);
    for (const s of this.sockets) if (s.joined && live.has(s.person.key)) s.expected.add(seq);
    return event;
  }

  /** Every seq a person's seat may read now, from the start (catch-up, replay, exports). */
  readable(p: Person): number[] {
    return [...this.events.values()].filter((e) => this.sees(p, e.to)).map((e) => e.seq);
  }

  messagesIn(channelId: string): number[] {
    return [...this.events.values()].filter((e) => e.to.kind === "channel" && e.to.channelId === channelId).map((e) => e.seq);
  }

  channelTo(channel: ModelChannel): Audience {
    return { kind: "channel", channelId: channel.id, members: new Set(channel.members) };
  }

  /**
   * Whether a seat may name a channel in its list: staff all; a role the public ones, its
   * own team and backchannels it was in or invited to; observers the public ones, and
   * backchannels while the facilitator allows them.
   */
  mayList(p: Person, role: string | undefined, observersAllowed: boolean, c: ChannelDto): boolean {
    if (p.kind === "facilitator") return true;
    const channel = this.channels.get(c.id);
    if (!channel) return false;
    if (isPublic(channel.kind)) return true;
    if (p.kind === "observer") return channel.kind === "backchannel" && observersAllowed;
    return role !== undefined && channel.ever.has(role);
  }

  live(p: Person): p is Person & { sock: Sock } {
    return !p.removed && p.sock !== null && p.sock.joined;
  }
}

// ---- Counters over every run ----

const tally = { live: 0, delivered: 0, catchUp: 0, oversight: 0, exports: 0, lists: 0, typing: 0, leaks: 0, losses: 0, duplicates: 0 };

describe("visibility properties", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 100_000 });
  });
  afterAll(async () => {
    // eslint-disable-next-line no-console -- the property's figures, printed once
    console.log(`visibility property: ${JSON.stringify(tally)}`);
    await server.close();
  });

  it("gives every person, on every path, exactly what their seat may see", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25, size: "max" }), async (commands) => {
        const run = await arrange(server);
        try {
          for (const c of commands) {
            run.m.step++;
            await apply(run, c);
          }
          await checkEverything(run);
        } finally {
          for (const s of run.m.sockets) s.socket.disconnect();
        }
      }),
      { numRuns: 20, endOnFailure: true },
    );
    expect([tally.leaks, tally.losses, tally.duplicates]).toEqual([0, 0, 0]);
    expect(tally.live).toBeGreaterThan(0);
  }, 120_000);
});

// ---- Arranging one run ----

type Run = Awaited<ReturnType<typeof arrange>>;

async function arrange(server: TestServer) {
  const live = await runningExercise(server, 1);
  const { cast } = live;
  const exerciseId = cast.exerciseId;
  const m = new Model(live.roles);
  const { services } = server.context;

  // The cast's own sockets are replaced by recorded ones below.
  for (const p of live.participants.values()) p.socket.disconnect();
  for (const c of live.facilitator.channels) {
    const members = new Set(c.kind === "team" ? c.members : live.roles);
    m.channels.set(c.id, {
      id: c.id,
      kind: c.kind,
      members,
      pending: new Set(),
      ever: new Set(members),
      involved: [...members],
      closed: false,
    });
  }
  const teamOf = (r: string) => [...m.channels.values()].find((c) => c.kind === "team" && c.members.has(r))!;
  const announcements = [...m.channels.values()].find((c) => c.kind === "announcements")!;
  const plenary = [...m.channels.values()].find((c) => c.kind === "plenary")!;

  // What the exercise log held before the run: its creation (staff), the lobby and the start.
  const before = await server.db.prisma.exerciseEvent.findMany({ where: { exerciseId }, orderBy: { seq: "asc" } });
  const initial: Record<string, Audience> = {
    "exercise.created": { kind: "staff" },
    "exercise.lobby-opened": { kind: "exercise" },
    "exercise.status": { kind: "exercise" },
  };
  for (const row of before) {
    const to = initial[row.type];
    if (!to) throw new Error(`unexpected event before the run: ${row.type}`);
    m.append(row.type, to);
  }

  const castPerson = (label: string, kind: Person["kind"], roleKey?: string): Person => {
    const c = cast.byLabel(label);
    return {
      key: label,
      name: label,
      userId: c.userId!,
      cookie: c.cookie!,
      kind,
      ...(roleKey ? { role: roleKey } : {}),
      removed: false,
      sock: null,
    };
  };
  const extra = async (name: string, roleKey: string): Promise<Person> => {
    const user = await services.users.create({ displayName: name, systemRole: "participant", exerciseId });
    await services.assignments.assign(exerciseId, user.id, "participant", roleKey);
    return {
      key: name,
      name,
      userId: user.id,
      cookie: await server.cookieFor({ ...user, exerciseId }),
      kind: "participant",
      role: roleKey,
      removed: false,
      sock: null,
    };
  };
  for (const r of live.roles) m.persons.push(castPerson(`participant as ${r}`, "participant", r));
  m.persons.push(await extra("Second delegate", live.roles[0]!), await extra("Late delegate", live.roles[1]!));
  m.persons.push(castPerson("observer", "observer"));
  const facilitator = castPerson("facilitator", "facilitator");
  m.persons.push(facilitator);

  // The facilitator keeps the socket the exercise was started with (never dropped).
  facilitator.sock = record(m, facilitator, live.facilitator.socket);
  facilitator.sock.joined = true;

  const run = { server, exerciseId, m, facilitator, teamOf, announcements, plenary, fac: live.facilitator.socket };
  for (const p of m.persons) if (p.kind !== "facilitator" && p.key !== "Late delegate") await open(run, p);
  return run;
}

/** Starts recording everything pushed to a socket. */
function record(m: Model, p: Person, socket: Client): Sock {
  const sock: Sock = {
    person: p,
    socket,
    joined: false,
    joins: [],
    pushed: [],
    expected: new Set(),
    seatRole: p.role,
    lists: [],
    typing: [],
  };
  socket.on("exercise:event", (e: EventDto) => {
    sock.pushed.push(e.seq);
    if (e.type === "role.assigned" && e.payload.userId === p.userId) sock.seatRole = e.payload.roleKey;
  });
  socket.on("exercise:channels", (u) =>
    sock.lists.push({ role: sock.seatRole, observersAllowed: m.listsAllowObservers, channels: u.channels, via: "exercise:channels" }),
  );
  socket.on("typing:update", (update) => sock.typing.push({ update, step: m.step }));
  m.sockets.push(sock);
  return sock;
}

/** A person's first connection (late joiners too): recorded from connect, joined through the shared client. */
async function open(run: Run, p: Person): Promise<void> {
  const socket = run.server.client({ cookie: p.cookie });
  const sock = record(run.m, p, socket);
  await connected(socket);
  new ExerciseClient(socket, run.exerciseId, {
    onJoined: (j) => {
      sock.joins.push(j);
      sock.lists.push({ role: j.roleKey, observersAllowed: run.m.listsAllowObservers, channels: j.channels, via: "join ack" });
    },
  });
  await waitUntil(`${p.key} joined`, () => sock.joins.length === 1, 5000);
  expect(sock.joins[0]!.roleKey, `${p.key}'s role on joining`).toBe(p.role);
  sock.joined = true;
  p.sock = sock;
}

async function reconnect(p: Person & { sock: Sock }): Promise<void> {
  const sock = p.sock;
  const joins = sock.joins.length;
  sock.seatRole = p.role;
  sock.socket.connect();
  await waitUntil(`${p.key} re-joined`, () => sock.joins.length > joins, 5000);
  expect(sock.joins.at(-1)!.roleKey, `${p.key}'s role on re-joining`).toBe(p.role);
  sock.joined = true;
}

// ---- Applying one command to the server and to the model ----

function channelOf(run: Run, p: Person, t: Target): ModelChannel | undefined {
  if (t === "plenary") return run.plenary;
  if (t === "team") return run.teamOf(p.role ?? run.m.roles[0]!);
  return run.m.backchannels[t.bc % Math.max(1, run.m.backchannels.length)];
}

/** Who speaks or types: in a backchannel, when directed, a live member of it. */
function speaker(
  run: Run,
  c: { person: number; target: Target; directed: boolean },
): { p: Person | undefined; channel: ModelChannel | undefined } {
  const anyone = run.m.persons[c.person % PERSONS]!;
  const channel = channelOf(run, anyone, c.target);
  if (!c.directed || typeof c.target === "string" || !channel) return { p: anyone, channel };
  return { p: playing(run.m, channel.members, c.person), channel };
}

/** A live person whose role is one of `roles`, the pick-th of them. */
function playing(m: Model, roles: ReadonlySet<string>, pick: number): Person | undefined {
  const candidates = m.persons.filter((p) => m.live(p) && p.role !== undefined && roles.has(p.role));
  return candidates[pick % Math.max(1, candidates.length)];
}

async function apply(run: Run, c: Command): Promise<void> {
  const { m, exerciseId, fac } = run;
  const who = (i: number) => m.persons[i % PERSONS]!;
  const label = JSON.stringify(c);

  switch (c.kind) {
    case "send": {
      const { p, channel } = speaker(run, c);
      if (!p || !m.live(p) || !channel) return;
      const result = await p.sock.socket.emitWithAck("message:send", {
        exerciseId,
        channelId: channel.id,
        body: `${p.key} says ${m.step}`,
        clientKey: newClientKey(),
      });
      const allowed = p.role !== undefined && channel.members.has(p.role) && !channel.closed;
      expect(result.ok, `${label}: ${result.ok ? "ok" : result.code}`).toBe(allowed);
      if (result.ok) expect(result.data.seq).toBe(m.append("message.sent", m.channelTo(channel)).seq);
      return;
    }
    case "request":
    case "reinvite": {
      const p = who(c.person);
      if (!m.live(p)) return;
      const asked =
        c.kind === "request"
          ? c.invitees.map((i) => m.roles[i % m.roles.length]!)
          : m.backchannels[c.bc % Math.max(1, m.backchannels.length)]?.involved;
      if (!asked) return;
      const invited = [...new Set(asked)].filter((r) => r !== p.role);
      const result = await p.sock.socket.emitWithAck("backchannel:request", { exerciseId, roles: asked, clientKey: newClientKey() });
      expect(result.ok, `${label}: ${result.ok ? "ok" : result.code}`).toBe(p.role !== undefined && invited.length > 0);
      if (!result.ok || p.role === undefined) return;
      const involved = [p.role, ...invited];
      const channel: ModelChannel = {
        id: result.data.channelId,
        kind: "backchannel",
        members: new Set([p.role]),
        pending: new Set(invited),
        ever: new Set(involved),
        involved,
        closed: false,
      };
      m.channels.set(channel.id, channel);
      m.backchannels.push(channel);
      m.append("backchannel.requested", { kind: "roles", roles: involved });
      return;
    }
    case "respond":
    case "leave": {
      // Directed: a backchannel with someone to answer (or to leave), and one of them.
      const open = m.backchannels.filter((b) => (c.kind === "respond" ? b.pending : b.members).size > 0);
      const among = c.directed && open.length > 0 ? open : m.backchannels;
      const channel = among[c.bc % Math.max(1, among.length)];
      if (!channel) return;
      const p = c.directed ? playing(m, c.kind === "respond" ? channel.pending : channel.members, c.pick) : who(c.pick);
      if (!p || !m.live(p)) return;
      const r = p.role;
      const result =
        c.kind === "respond"
          ? await p.sock.socket.emitWithAck("backchannel:respond", {
              exerciseId,
              channelId: channel.id,
              accept: c.accept,
              clientKey: newClientKey(),
            })
          : await p.sock.socket.emitWithAck("backchannel:leave", { exerciseId, channelId: channel.id, clientKey: newClientKey() });
      const allowed = r !== undefined && !channel.closed && (c.kind === "respond" ? channel.pending.has(r) : channel.members.has(r));
      expect(result.ok, `${label} by ${p.key}: ${result.ok ? "ok" : result.code}`).toBe(allowed);
      if (!result.ok || r === undefined) return;
      const involved = [...new Set([...channel.members, ...channel.pending])];
      if (c.kind === "respond") {
        channel.pending.delete(r);
        if (c.accept) channel.members.add(r);
      } else channel.members.delete(r);
      // A backchannel closes when fewer than two roles are in it or could still accept.
      if (channel.members.size + channel.pending.size < 2 && !(c.kind === "respond" && c.accept)) {
        channel.closed = true;
        channel.members.clear();
        channel.pending.clear();
      }
      m.append(c.kind === "leave" ? "backchannel.left" : c.accept ? "backchannel.accepted" : "backchannel.declined", {
        kind: "roles",
        roles: involved,
      });
      return;
    }
    case "assign": {
      const p = who(c.person);
      const roleKey = m.roles[c.role % m.roles.length]!;
      const joins = p.sock?.joins.length ?? 0;
      const result = await fac.emitWithAck("roster:assign", { exerciseId, userId: p.userId, roleKey });
      expect(result.ok, `${label}: ${result.ok ? "ok" : result.code}`).toBe(p.kind === "participant" && !p.removed);
      if (!result.ok) return;
      p.role = roleKey;
      m.append("role.assigned", { kind: "exercise" });
      // The moved person's open socket re-joins for the new view.
      if (m.live(p)) {
        const sock = p.sock;
        await waitUntil(
          `${p.key} re-joined as ${roleKey}`,
          () => sock.joins.length > joins && sock.joins.at(-1)?.roleKey === roleKey,
          5000,
        );
      }
      return;
    }
    case "remove": {
      const p = who(c.person);
      if (p.kind === "facilitator") return;
      if (m.live(p)) await p.sock.socket.emitWithAck("system:ping", { sentAt: Date.now() });
      const result = await fac.emitWithAck("roster:remove", { exerciseId, userId: p.userId });
      expect(result.ok, `${label}: ${result.ok ? "ok" : result.code}`).toBe(!p.removed);
      if (!result.ok) return;
      p.removed = true;
      // Removal ends the person's openings; re-admission does not restore them.
      if (p.kind === "observer") m.observerOpened.clear();
      const sock = p.sock;
      if (sock) sock.joined = false;
      m.append("roster.removed", { kind: "staff" });
      if (sock) await waitUntil(`${p.key}'s sockets closed`, () => !sock.socket.connected, 5000);
      return;
    }
    case "readmit": {
      const removed = m.persons.filter((p) => p.removed);
      const p = removed.length > 0 ? removed[c.pick % removed.length]! : who(c.pick);
      if (p.kind === "facilitator") return;
      const result = await fac.emitWithAck("roster:readmit", { exerciseId, userId: p.userId });
      expect(result.ok, `${label}: ${result.ok ? "ok" : result.code}`).toBe(p.removed);
      if (!result.ok) return;
      p.removed = false;
      m.append("roster.readmitted", { kind: "staff" });
      if (p.sock) await reconnect(p as Person & { sock: Sock });
      return;
    }
    case "settings": {
      // Lists pushed before this command have arrived (a ping is answered after them); the
      // ones that follow are made under the new permission.
      const observer = m.persons.find((p) => p.kind === "observer")!;
      if (m.live(observer)) await observer.sock.socket.emitWithAck("system:ping", { sentAt: Date.now() });
      m.listsAllowObservers = c.on;
      const result = await fac.emitWithAck("exercise:settings", { exerciseId, observersSeeBackchannels: c.on });
      expect(result.ok, label).toBe(true);
      const revoked = m.observersAllowed && !c.on ? [...m.observerOpened] : [];
      if (revoked.length > 0) m.observerOpened.clear();
      m.observersAllowed = c.on;
      m.append("exercise.settings", { kind: "staff" });
      // An observer's open view ends with the permission: its history is refused from now on.
      if (revoked.length > 0 && m.live(observer)) {
        const history = await observer.sock.socket.emitWithAck("oversight:history", { exerciseId, channelId: revoked[0]!, afterSeq: 0 });
        expect(history, "oversight:history after the permission ended").toMatchObject({ ok: false, code: "forbidden" });
        tally.oversight++;
      }
      return;
    }
    case "observe":
    case "oversee": {
      const channel = m.backchannels[c.bc % Math.max(1, m.backchannels.length)];
      const p = c.kind === "observe" ? m.persons.find((x) => x.kind === "observer")! : run.facilitator;
      if (!channel || !m.live(p)) return;
      const result = await p.sock.socket.emitWithAck("oversight:open", { exerciseId, channelId: channel.id });
      const allowed = c.kind === "oversee" || m.observersAllowed;
      expect(result.ok, `${label}: ${result.ok ? "ok" : result.code}`).toBe(allowed);
      if (!result.ok) {
        expect(result.code).toBe("forbidden");
        return;
      }
      (c.kind === "oversee" ? m.facilitatorOpened : m.observerOpened).add(channel.id);
      m.append("oversight.opened", { kind: "staff" });
      // The answer is the backchannel's whole history, and so is the next page asked for.
      expect(
        result.data.events.map((e) => e.seq),
        `${label}: the opened history`,
      ).toEqual(m.messagesIn(channel.id));
      const again = await p.sock.socket.emitWithAck("oversight:history", { exerciseId, channelId: channel.id, afterSeq: 0 });
      expect(again.ok && again.data.events.map((e) => e.seq), `${label}: oversight:history`).toEqual(m.messagesIn(channel.id));
      tally.oversight += 2;
      return;
    }
    case "drop": {
      const p = who(c.person);
      if (!m.live(p)) return;
      // What was pushed before the drop has arrived (the ping is answered after it).
      await p.sock.socket.emitWithAck("system:ping", { sentAt: Date.now() });
      p.sock.joined = false;
      p.sock.socket.disconnect();
      return;
    }
    case "connect": {
      const away = m.persons.filter((x) => !x.removed && !x.sock?.joined);
      const p = away[c.pick % Math.max(1, away.length)];
      if (!p) return;
      if (p.sock) await reconnect(p as Person & { sock: Sock });
      else await open(run, p);
      return;
    }
    case "typing": {
      const { p, channel } = speaker(run, c);
      if (!p || !m.live(p) || !channel) return;
      if (p.role !== undefined && channel.members.has(p.role)) {
        const to = m.channelTo(channel);
        const audience = new Set(m.persons.filter((q) => q !== p && m.sees(q, to)).map((q) => q.key));
        m.typingSent.push({ channelId: channel.id, name: p.name, typing: c.typing, step: m.step, audience });
      }
      p.sock.socket.emit("typing:set", { exerciseId, channelId: channel.id, typing: c.typing });
      // A fence: this ack comes after the typing update was handed to its recipients, so the
      // update was decided in the state of this step.
      const fence = await p.sock.socket.emitWithAck("exercise:history", { exerciseId, afterSeq: m.seq });
      expect(fence.ok).toBe(true);
      return;
    }
  }
}

// ---- The checks at the end of a run ----

async function checkEverything(run: Run): Promise<void> {
  const { m, exerciseId, server } = run;
  const problems: string[] = [];

  // A marker everyone may see; once every joined socket has it, everything before it has arrived.
  const marker = await run.fac.emitWithAck("message:send", {
    exerciseId,
    channelId: run.announcements.id,
    body: "marker",
    clientKey: newClientKey(),
  });
  expect(marker.ok).toBe(true);
  const markerSeq = m.append("message.sent", m.channelTo(run.announcements)).seq;
  expect(marker.ok && marker.data.seq).toBe(markerSeq);
  const joined = m.sockets.filter((s) => s.joined);
  await waitUntil("the marker reached every joined socket", () => joined.every((s) => s.pushed.includes(markerSeq)), 5000);

  // The model's log is the server's log, event for event.
  const rows = await server.db.prisma.exerciseEvent.findMany({
    where: { exerciseId },
    orderBy: { seq: "asc" },
    select: { seq: true, type: true },
  });
  expect(rows.map((r) => `${r.seq} ${r.type}`)).toEqual([...m.events.values()].map((e) => `${e.seq} ${e.type}`));

  // 1. Live: no leak, no loss, nothing twice, in sequence order.
  for (const s of m.sockets) {
    const who = s.person.key;
    const seen = new Set<number>();
    for (const seq of s.pushed) {
      tally.live++;
      if (seen.has(seq)) {
        tally.duplicates++;
        problems.push(`duplicate: ${who} got seq ${seq} twice`);
      } else if (seq < Math.max(0, ...seen)) problems.push(`out of order: ${who} got seq ${seq} after ${Math.max(...seen)}`);
      seen.add(seq);
      const e = m.events.get(seq);
      if (!e || !e.live.has(who)) {
        tally.leaks++;
        problems.push(
          `live leak: ${who} got seq ${seq} (${e?.type ?? "unknown"} to ${JSON.stringify(e?.to ?? null, (_k, v: unknown) => (v instanceof Set ? [...(v as Set<string>)] : v))})`,
        );
      }
    }
    for (const seq of s.expected) {
      if (seen.has(seq)) tally.delivered++;
      else {
        tally.losses++;
        problems.push(`live loss: ${who} missed seq ${seq} (${m.events.get(seq)?.type})`);
      }
    }
  }

  // 4. Channel lists: only channels the seat was in or invited to (judged on the final, only-growing sets).
  for (const s of m.sockets) {
    for (const list of s.lists) {
      tally.lists++;
      for (const c of list.channels) {
        if (!m.mayList(s.person, list.role, list.observersAllowed, c))
          problems.push(`list leak (${list.via}): ${s.person.key} as ${list.role ?? s.person.kind} was shown ${c.kind} ${c.name}`);
      }
    }
  }

  // 5. Typing: an update only to someone who could see a message in that channel when it was typed.
  for (const s of m.sockets) {
    for (const { update, step } of s.typing) {
      tally.typing++;
      const sent = m.typingSent.filter(
        (t) => t.channelId === update.channelId && t.name === update.name && t.typing === update.typing && t.step <= step,
      );
      if (!sent.some((t) => t.audience.has(s.person.key)))
        problems.push(
          `typing leak: ${s.person.key} saw ${update.name} typing in ${m.channels.get(update.channelId)?.kind} ${update.channelId}`,
        );
    }
  }

  /** Compares a path's seqs with the model's, naming what is extra (a leak) or missing. */
  const same = (what: string, got: number[], want: number[]) => {
    const extra = got.filter((q) => !want.includes(q)).map((q) => `${q} ${m.events.get(q)?.type}`);
    const missing = want.filter((q) => !got.includes(q)).map((q) => `${q} ${m.events.get(q)?.type}`);
    if (extra.length > 0) problems.push(`${what} leaks ${extra.join(", ")}`);
    if (missing.length > 0) problems.push(`${what} misses ${missing.join(", ")}`);
    if (extra.length === 0 && missing.length === 0 && got.join() !== want.join()) problems.push(`${what}: out of order or repeated`);
  };

  // 2. Catch-up: a fresh socket per person, from 0, page by page.
  for (const p of m.persons) {
    const socket = server.client({ cookie: p.cookie });
    await connected(socket);
    const first = await socket.emitWithAck("exercise:join", { exerciseId, afterSeq: 0 });
    if (p.removed) {
      expect(first, `${p.key} is removed: no catch-up`).toMatchObject({ ok: false, code: "forbidden" });
      socket.disconnect();
      continue;
    }
    if (!first.ok) throw new Error(`${p.key} could not join: ${first.code}`);
    expect(first.data.roleKey, `${p.key}'s role`).toBe(p.role);
    const got = first.data.events.map((e) => e.seq);
    let page: { events: EventDto[]; more: boolean } = first.data;
    while (page.more) {
      const next = await socket.emitWithAck("exercise:history", { exerciseId, afterSeq: got.at(-1) ?? 0 });
      if (!next.ok) throw new Error(`${p.key}'s history: ${next.code}`);
      page = next.data;
      got.push(...page.events.map((e) => e.seq));
    }
    socket.disconnect();
    tally.catchUp += got.length;
    same(`catch-up of ${p.key} (${p.role ?? p.kind})`, got, m.readable(p));
    expect(first.data.observersSeeBackchannels).toBe(m.observersAllowed);
    const opened =
      p.kind === "facilitator" ? m.facilitatorOpened : p.kind === "observer" && m.observersAllowed ? m.observerOpened : new Set<string>();
    expect([...first.data.opened].sort(), `backchannels ${p.key} has open`).toEqual([...opened].sort());
    for (const c of first.data.channels)
      if (!m.mayList(p, p.role, m.observersAllowed, c)) problems.push(`list leak (final join): ${p.key} was shown ${c.kind} ${c.name}`);
  }

  // 6. Replay and exports while the exercise runs: each person's own view.
  const get = (handler: typeof replay.GET, p: Person, query = "") =>
    handler(new Request(`http://parley.test/x${query}`, { headers: { cookie: p.cookie } }), {
      params: Promise.resolve({ id: exerciseId }),
    });
  for (const p of m.persons) {
    const res = await get(replay.GET, p);
    if (p.removed) {
      expect(res.status, `${p.key} is removed: no replay`).toBe(403);
      continue;
    }
    const data = ((await res.json()) as { data: ReplayData }).data;
    same(
      `replay of ${p.key} (${p.role ?? p.kind})`,
      data.events.map((e) => e.seq),
      m.readable(p),
    );
    const json = (await (await get(transcript.GET, p, "?format=json")).json()) as { entries: { seq: number }[] };
    same(
      `JSON transcript of ${p.key} (${p.role ?? p.kind})`,
      json.entries.map((e) => e.seq),
      m.readable(p),
    );
    tally.exports += data.events.length + json.entries.length;
  }
  expect(problems).toEqual([]);

  // After the end the facilitator's debrief holds everything, and opening it is audited.
  const ended = await run.fac.emitWithAck("exercise:set-status", { exerciseId, status: "ended" });
  expect(ended.ok).toBe(true);
  m.append("exercise.status", { kind: "exercise" });
  const full = ((await (await get(replay.GET, run.facilitator)).json()) as { data: ReplayData }).data;
  expect(full.events.map((e) => e.seq)).toEqual([...m.events.keys()]);
  tally.exports += full.events.length;
  expect(await server.db.prisma.auditEntry.count({ where: { exerciseId, action: "debrief.full-view" } })).toBe(1);
}
