import { describe, expect, it } from "vitest";
import type { RosterDto, RosterPersonDto } from "../../lib/contract/events";
import { isOnline, rosterChanges } from "../../lib/client/roster-view";

const person = (userId: string, displayName: string, seat: RosterPersonDto["seat"], roleKey: string | null = null): RosterPersonDto => ({
  userId,
  displayName,
  seat,
  roleKey,
});
const hana = person("u1", "Hana Okafor", "participant", "host-nation");
const ravi = person("u2", "Ravi Menon", "participant");
const olga = person("u3", "Olga Berg", "observer");
const lena = person("u0", "Lena Brandt", "facilitator");

describe("roster view", () => {
  it("finds a person online in their own presence group only", () => {
    const online = { staff: ["Lena Brandt"], "host-nation": ["Hana Okafor"], unassigned: ["Ravi Menon"], observers: [] };
    expect([lena, hana, ravi, olga].map((p) => isOnline(online, p))).toEqual([true, true, true, false]);
    // The same name in another group is someone else.
    expect(isOnline({ "un-mediator": ["Hana Okafor"] }, hana)).toBe(false);
  });

  it("names who joined, took a role, was removed and was re-admitted, leaving facilitators out", () => {
    const before: RosterDto = { people: [lena, hana, ravi], removed: [olga] };
    const after: RosterDto = {
      people: [
        lena,
        { ...ravi, roleKey: "un-mediator" },
        olga,
        person("u4", "Sofia Lind", "participant"),
        person("u5", "Tom Ek", "facilitator"),
      ],
      removed: [hana],
    };
    expect(rosterChanges(before, after)).toEqual([
      { kind: "role", person: { ...ravi, roleKey: "un-mediator" }, from: null },
      { kind: "readmitted", person: olga },
      { kind: "joined", person: person("u4", "Sofia Lind", "participant") },
      { kind: "removed", person: hana },
    ]);
  });

  it("finds nothing to say when the roster is the same", () => {
    const roster: RosterDto = { people: [lena, hana], removed: [ravi] };
    expect(rosterChanges(roster, structuredClone(roster))).toEqual([]);
  });
});
