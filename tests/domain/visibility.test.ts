// Live fan-out asks the one rule: `recipientsOf`, with the viewers it keeps per person
// (LiveViewers), gives exactly what `canSee(seatViewer(...))` gives for any live state,
// and each kind of viewer sees only what its kind may.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  canSee,
  LiveViewers,
  recipientsOf,
  seatViewer,
  type ChannelKind,
  type ChannelView,
  type Seat,
  type Visibility,
  type VisibilityState,
} from "../../server/domain/visibility";

const roles = ["host", "mediator", "regional", "power"];
const users = ["u1", "u2", "u3", "u4", "u5", "u6"];
const kinds: ChannelKind[] = ["plenary", "announcements", "team", "backchannel"];

const seatArb: fc.Arbitrary<Seat> = fc.oneof(
  fc.constant<Seat>({ staff: true, observer: false }),
  fc.constant<Seat>({ staff: false, observer: true }),
  fc.constant<Seat>({ staff: false, observer: false }),
  fc.constantFrom(...roles).map<Seat>((roleKey) => ({ staff: false, observer: false, roleKey })),
);

const stateArb: fc.Arbitrary<VisibilityState> = fc
  .record({
    channels: fc.array(fc.record({ kind: fc.constantFrom(...kinds), members: fc.subarray(roles) }), { minLength: 1, maxLength: 6 }),
    openings: fc.array(
      fc.record({ channel: fc.nat(5), user: fc.constantFrom(...users), as: fc.constantFrom("facilitator" as const, "observer" as const) }),
      { maxLength: 6 },
    ),
    observersSeeBackchannels: fc.boolean(),
  })
  .map(({ channels, openings, observersSeeBackchannels }) => {
    const map = new Map<string, ChannelView>(channels.map((c, i) => [`c${i}`, { id: `c${i}`, kind: c.kind, members: new Set(c.members) }]));
    const overseers = new Map<string, Map<string, "facilitator" | "observer">>();
    for (const o of openings) {
      const id = `c${o.channel}`;
      overseers.set(id, (overseers.get(id) ?? new Map()).set(o.user, o.as));
    }
    return { channels: map, overseers, observersSeeBackchannels };
  });

const visibilityArb: fc.Arbitrary<Visibility> = fc.oneof(
  fc.constant<Visibility>({ kind: "exercise" }),
  fc.constant<Visibility>({ kind: "staff" }),
  fc.subarray(roles, { minLength: 1 }).map<Visibility>((r) => ({ kind: "roles", roles: r })),
  // c6 and c7 may not exist: events of channels the room does not know.
  fc.nat(7).map<Visibility>((i) => ({ kind: "channel", channelId: `c${i}` })),
);

describe("live visibility shortcuts", () => {
  it("kept live viewers answer as fresh ones for every event until the state changes", () => {
    fc.assert(
      fc.property(
        stateArb,
        fc.array(seatArb, { minLength: 1, maxLength: users.length }),
        fc.array(visibilityArb, { minLength: 1, maxLength: 8 }),
        (state, seats, visibilities) => {
          const people = new Map(seats.map((seat, i) => [users[i]!, seat]));
          const viewers = new LiveViewers(state);
          for (const visibility of visibilities) {
            const event = { seq: 100, visibility };
            expect(recipientsOf(event, people, state, viewers)).toEqual(recipientsOf(event, people, state));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("observers and people without a role never see what is addressed to roles or to staff", () => {
    fc.assert(
      fc.property(stateArb, fc.boolean(), fc.constantFrom(...users), visibilityArb, (state, observer, userId, visibility) => {
        const viewer = seatViewer(state, { staff: false, observer }, userId);
        expect(viewer.kind).toBe(observer ? "observer" : "unassigned");
        if (visibility.kind === "roles" || visibility.kind === "staff") expect(canSee(viewer, { seq: 100, visibility })).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("recipientsOf names exactly the people whose viewer may see the event, and staff guests as staff who opened nothing", () => {
    fc.assert(
      fc.property(stateArb, fc.array(seatArb, { minLength: 1, maxLength: users.length }), visibilityArb, (state, seats, visibility) => {
        const people = new Map(seats.map((seat, i) => [users[i]!, seat]));
        const event = { seq: 100, visibility };
        const to = recipientsOf(event, people, state);
        const backchannels = [...state.channels.values()].filter((c) => c.kind === "backchannel").map((c) => c.id);
        expect(to.guests).toBe(canSee({ kind: "staff", hiddenChannels: backchannels }, event));
        const expected = [...people].filter(([userId, seat]) => canSee(seatViewer(state, seat, userId), event)).map(([userId]) => userId);
        if (to.everyone) expect(expected).toEqual([...people.keys()]);
        else expect(to.users.filter((u) => people.has(u))).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
