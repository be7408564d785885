// The viewers every path builds from a seat and the live state (the rule itself is
// viewer.ts): live fan-out, catch-up, oversight, replay, exports, channel lists, typing,
// presence and the roster all ask this module; none decides on its own. Plain
// TypeScript: no storage, no transport.
import { decide, roleOf, type Actor } from "./authorization";
import { canSee, type ChannelWindow, type Viewer, type Visible } from "./viewer";

export {
  canSee,
  grantsOf,
  inWindow,
  visibilitySchema,
  type ChannelWindow,
  type Grants,
  type Viewer,
  type Visibility,
  type Visible,
} from "./viewer";

// ---- Seats and the live state visibility depends on ----

/** What a person is in one exercise: staff (facilitator or admin), observer, a role, or none yet. */
export interface Seat {
  staff: boolean;
  observer: boolean;
  roleKey?: string;
}

export type { ChannelKind } from "../../lib/contract/vocabulary";
import type { ChannelKind } from "../../lib/contract/vocabulary";

export interface ChannelView {
  id: string;
  kind: ChannelKind;
  /** Roles in the channel now. */
  members: ReadonlySet<string>;
}

/** Who opened a backchannel for reading (audited), and in which capacity. */
export type Overseers = ReadonlyMap<string, ReadonlyMap<string, "facilitator" | "observer">>;

export interface VisibilityState {
  channels: ReadonlyMap<string, ChannelView>;
  overseers: Overseers;
  observersSeeBackchannels: boolean;
}

export const isPublicChannel = (kind: ChannelKind) => kind === "plenary" || kind === "announcements";

/** Whether this person has opened the backchannel and may still read it. */
export function oversees(state: VisibilityState, seat: Seat, userId: string, channelId: string): boolean {
  const opener = state.overseers.get(channelId)?.get(userId);
  if (!opener) return false;
  if (seat.staff) return true;
  return seat.observer && opener === "observer" && state.observersSeeBackchannels;
}

const backchannelIds = (state: VisibilityState) => [...state.channels.values()].filter((c) => c.kind === "backchannel").map((c) => c.id);

/**
 * The viewer a seat has now: staff see all but the backchannels they have not opened;
 * a role sees the channels it is in; observers see the public channels and, while
 * allowed, the backchannels they opened; a participant without a role yet the public
 * channels. For a new event the current memberships decide; `roleWindows` replaces them
 * for catch-up.
 */
export function seatViewer(state: VisibilityState, seat: Seat, userId: string, roleWindows?: readonly ChannelWindow[]): Viewer {
  if (seat.staff) return { kind: "staff", hiddenChannels: backchannelIds(state).filter((id) => !oversees(state, seat, userId, id)) };
  if (seat.roleKey) {
    const roleKey = seat.roleKey;
    const windows =
      roleWindows ?? [...state.channels.values()].filter((c) => c.members.has(roleKey)).map((c) => ({ channelId: c.id, fromSeq: 0 }));
    return { kind: "participant", roleKey, channelWindows: windows };
  }
  const readable = [...state.channels.values()].filter(
    (c) => isPublicChannel(c.kind) || (c.kind === "backchannel" && oversees(state, seat, userId, c.id)),
  );
  return { kind: seat.observer ? "observer" : "unassigned", channelWindows: readable.map((c) => ({ channelId: c.id, fromSeq: 0 })) };
}

// ---- Live fan-out ----

/**
 * Who receives an event live, decided once when it is published. `everyone`: every socket
 * in the exercise may see it. Otherwise `users` (by id), and `guests` tells whether staff
 * who are not seated (admins looking in) receive it as staff who opened nothing.
 */
export interface Recipients {
  everyone: boolean;
  users: string[];
  guests: boolean;
}

/**
 * The live viewers of the people in a room, built on first use and kept until the live
 * state changes (`LiveViewers.clear`): fan-out asks `canSee` of each for every event.
 */
export class LiveViewers {
  private readonly cache = new Map<string, Viewer>();
  constructor(private readonly state: VisibilityState) {}
  of(userId: string, seat: Seat): Viewer {
    let viewer = this.cache.get(userId);
    if (!viewer) this.cache.set(userId, (viewer = seatViewer(this.state, seat, userId)));
    return viewer;
  }
  clear(): void {
    this.cache.clear();
  }
}

/** The viewer of staff who are not seated (admins looking in): staff who opened nothing. */
export function guestViewer(state: VisibilityState): Viewer {
  return { kind: "staff", hiddenChannels: backchannelIds(state) };
}

export function recipientsOf(
  event: Visible,
  people: ReadonlyMap<string, Seat>,
  state: VisibilityState,
  viewers: LiveViewers = new LiveViewers(state),
): Recipients {
  const guests = canSee(guestViewer(state), event);
  const users: string[] = [];
  for (const [userId, seat] of people) if (canSee(viewers.of(userId, seat), event)) users.push(userId);
  // Unseated staff who opened this backchannel (admins) are reached by their id.
  const v = event.visibility;
  if (v.kind === "channel") {
    for (const [userId, opener] of state.overseers.get(v.channelId) ?? []) {
      if (opener === "facilitator" && !people.has(userId)) users.push(userId);
    }
  }
  const everyone = guests && users.length === people.size && users.every((u) => people.has(u));
  return everyone ? { everyone: true, users: [], guests } : { everyone: false, users, guests };
}

/** Who sees that someone is typing in a channel: whoever would see a message written there. */
export function typingAudience(
  channelId: string,
  people: ReadonlyMap<string, Seat>,
  state: VisibilityState,
  viewers?: LiveViewers,
): Recipients {
  return recipientsOf({ seq: Number.MAX_SAFE_INTEGER, visibility: { kind: "channel", channelId } }, people, state, viewers);
}

// ---- Channel lists ----

export interface ListedChannel {
  kind: ChannelKind;
  everMembers: ReadonlySet<string>;
  pending: ReadonlySet<string>;
}

/**
 * Whether a seat may list a channel (its name and members): staff all; a role those it
 * was ever in or is invited to; observers the public channels, and backchannels while
 * the facilitator lets them open those (listing is not reading: opening is audited).
 */
export function canList(seat: Seat, channel: ListedChannel, observersSeeBackchannels: boolean): boolean {
  if (seat.staff) return true;
  if (seat.roleKey !== undefined)
    return channel.everMembers.has(seat.roleKey) || channel.pending.has(seat.roleKey) || isPublicChannel(channel.kind);
  if (isPublicChannel(channel.kind)) return true;
  return seat.observer && observersSeeBackchannels && channel.kind === "backchannel";
}

/** The backchannels this person may read because they opened them (and still may). */
export function openedBy(state: VisibilityState, seat: Seat, userId: string): string[] {
  return backchannelIds(state).filter((id) => oversees(state, seat, userId, id));
}

// ---- The roster ----

export interface RosterEntryView {
  userId: string;
  displayName: string;
  seat: "facilitator" | "participant" | "observer";
  roleKey: string | null;
}

/** What a seat may see of the roster: staff everyone (and who was removed); others the delegations. */
export function rosterView(
  seat: Seat,
  people: readonly RosterEntryView[],
  removed: readonly RosterEntryView[],
): { people: RosterEntryView[]; removed: RosterEntryView[] } {
  if (seat.staff) return { people: [...people], removed: [...removed] };
  return { people: people.filter((p) => p.seat === "participant"), removed: [] };
}

// ---- Presence ----

/** Who is online, per role key, or "staff", "observers", "unassigned" for the others. */
export type Online = Readonly<Record<string, readonly string[]>>;

/** The presence key a seat is counted under. */
export function presenceKey(seat: Seat): string {
  return seat.staff ? "staff" : (seat.roleKey ?? (seat.observer ? "observers" : "unassigned"));
}

/** What a seat may see of who is online: what `rosterView` shows it (staff everyone; others the delegations). */
export function presenceView(seat: Seat, online: Online): Record<string, string[]> {
  const view: Record<string, string[]> = {};
  for (const [key, names] of Object.entries(online)) if (seat.staff || (key !== "staff" && key !== "observers")) view[key] = [...names];
  return view;
}

// ---- The debrief ----

/**
 * While an exercise is not ended, the debrief follows the live rule: the facilitator's
 * replay and exports hide backchannels they have not opened (opening one is an audited
 * oversight). After the end the facilitator's full view is allowed, and each opening of
 * it is audited.
 */
export type DebriefPolicy = "debrief-running" | "debrief-ended";

export function debriefPolicy(status: string): DebriefPolicy {
  return status === "ended" ? "debrief-ended" : "debrief-running";
}

export type Perspective = { kind: "facilitator" } | { kind: "role"; roleKey: string } | { kind: "observer" };

export interface DebriefInput {
  policy: DebriefPolicy;
  perspective: Perspective;
  /** The reader's seat and id: what they have opened counts while the exercise runs. */
  reader: { userId: string; seat: Seat };
  state: VisibilityState;
  /** The perspective role's membership windows (role perspective). */
  roleWindows: readonly ChannelWindow[];
  /** Backchannels the facilitator declassified for the debrief. */
  declassified: readonly string[];
}

/** The viewer a debrief is built for, under the policy; `fullView` says whether it must be audited. */
export function debriefViewer(input: DebriefInput): { viewer: Viewer; fullView: boolean } {
  const { policy, perspective, reader, state } = input;
  const ended = policy === "debrief-ended";
  const backchannels = backchannelIds(state);
  const readable = (id: string) => ended || !backchannels.includes(id) || oversees(state, reader.seat, reader.userId, id);
  if (perspective.kind === "facilitator") {
    const hidden = ended ? [] : backchannels.filter((id) => !oversees(state, reader.seat, reader.userId, id));
    return { viewer: { kind: "staff", hiddenChannels: hidden }, fullView: ended };
  }
  // Staff looking through a role's eyes see no more than the facilitator's own view allows.
  const asStaff = reader.seat.staff;
  const declassified = input.declassified.filter((id) => !asStaff || readable(id)).map((channelId) => ({ channelId, fromSeq: 0 }));
  if (perspective.kind === "role") {
    const windows = input.roleWindows.filter((w) => !asStaff || readable(w.channelId));
    return {
      viewer: { kind: "participant", roleKey: perspective.roleKey, channelWindows: [...windows, ...declassified] },
      fullView: asStaff && ended,
    };
  }
  const base = seatViewer(state, { staff: false, observer: true }, reader.userId);
  const windows = base.kind === "observer" ? base.channelWindows : [];
  return { viewer: { kind: "observer", channelWindows: [...windows, ...declassified] }, fullView: false };
}

// ---- Seats from assignments ----

/** One person's seat in an exercise, from their system role and active assignments. */
export function seatOf(actor: Actor): Seat {
  const roleKey = roleOf(actor);
  return {
    staff: decide(actor, "exercise:oversee").allowed,
    observer: actor.seats.some((s) => s.seat === "observer"),
    ...(roleKey ? { roleKey } : {}),
  };
}
