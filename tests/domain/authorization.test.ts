// A seat's powers are what the seat allows and what the account's role allows now.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { actions, decide, roleOf, systemRoleSchema, type Seat } from "../../server/domain/authorization";

const seatArb: fc.Arbitrary<Seat> = fc.oneof(
  fc.constant<Seat>({ seat: "facilitator" }),
  fc.constant<Seat>({ seat: "observer" }),
  fc.constantFrom("host", "mediator").map<Seat>((roleKey) => ({ seat: "participant", roleKey })),
);

describe("powers follow the account", () => {
  it("gives an account that is not staff nothing from a facilitator seat, for every action", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("observer" as const, "participant" as const),
        fc.array(seatArb, { maxLength: 3 }),
        (systemRole, seats) => {
          const withSeat = { userId: "u", systemRole, seats: [{ seat: "facilitator" as const }, ...seats] };
          const without = { userId: "u", systemRole, seats: seats.filter((s) => s.seat !== "facilitator") };
          for (const action of actions) expect(decide(withSeat, action)).toEqual(decide(without, action));
          expect(roleOf(withSeat)).toBe(roleOf(without));
        },
      ),
    );
  });

  it("lets a facilitator account run only the exercises it holds a facilitator seat in", () => {
    for (const systemRole of systemRoleSchema.options) {
      const seated = decide({ userId: "u", systemRole, seats: [{ seat: "facilitator" }] }, "exercise:manage").allowed;
      expect(seated).toBe(systemRole === "admin" || systemRole === "facilitator");
      expect(decide({ userId: "u", systemRole, seats: [] }, "exercise:manage").allowed).toBe(systemRole === "admin");
    }
  });
});
