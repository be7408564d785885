// The agreement as the room rebuilds it from the log: an accepted amendment credited to its
// proposer, decisions kept with proposer and reason, signatures per version; logs written
// before the log named the proposer still read the same.
import { describe, expect, it } from "vitest";
import { agreementsFrom, decidedAmendments } from "../../lib/agreements/agreement-state";
import type { EventDto } from "../../lib/contract/events";
import { logEventSchema } from "../../lib/contract/log-events";

const about = { agreementId: "agr-1", title: "Accord" };
const v1 = [{ key: "a", title: "Cessation", text: "The parties cease fire at noon." }];
const v2 = [{ key: "a", title: "Cessation", text: "The parties cease fire at midnight." }];
const change = { kind: "amend" as const, clauseKey: "a", text: "The parties cease fire at midnight." };

let seq = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
const ev = (minute: number, actor: EventDto["actor"], body: Pick<EventDto, "type" | "payload">): EventDto =>
  ({ seq: ++seq, at: at(minute), actor, channelId: "plenary", ...body }) as EventDto;

const host = { userId: "u-host", roleKey: "host" };
const regional = { userId: "u-regional", roleKey: "regional" };
const agency = { userId: "u-agency", roleKey: "agency" };

function log(withCredit: boolean): EventDto[] {
  return [
    ev(0, host, {
      type: "agreement.tabled",
      payload: { ...about, version: 1, clauses: v1, status: "tabled", channelId: "plenary", tabledBy: "host" },
    }),
    ev(1, regional, {
      type: "agreement.amendment-proposed",
      payload: { ...about, amendmentId: "m1", baseVersion: 1, change, reason: "Night is quieter" },
    }),
    ev(2, agency, {
      type: "agreement.amendment-proposed",
      payload: { ...about, amendmentId: "m2", baseVersion: 1, change: { kind: "delete", clauseKey: "a" }, reason: "Premature" },
    }),
    ev(3, host, {
      type: "agreement.version",
      payload: {
        ...about,
        version: 2,
        clauses: v2,
        change,
        amendmentId: "m1",
        ...(withCredit ? { reason: "Night is quieter", proposedBy: { roleKey: "regional", userId: "u-regional" }, decidedBy: "host" } : {}),
      },
    }),
    ev(4, host, {
      type: "agreement.amendment-decided",
      payload: {
        ...about,
        amendmentId: "m2",
        accepted: false,
        ...(withCredit ? { proposedBy: { roleKey: "agency", userId: "u-agency" }, reason: "Premature" } : {}),
      },
    }),
    ev(5, host, { type: "agreement.signed", payload: { ...about, version: 1, roleKey: "host" } }),
    ev(6, host, { type: "agreement.signed", payload: { ...about, version: 2, roleKey: "host" } }),
    ev(7, regional, { type: "agreement.signed", payload: { ...about, version: 2, roleKey: "regional" } }),
  ];
}

describe("an agreement's history as the room rebuilds it", () => {
  it.each([
    ["as logged now", true],
    ["from a log written before versions named their proposer", false],
  ])("credits an accepted amendment's version to its proposer and keeps its reason (%s)", (_when, withCredit) => {
    const a = agreementsFrom(log(withCredit)).get("agr-1")!;
    expect(a.versions.find((v) => v.number === 2)).toEqual({
      number: 2,
      clauses: v2,
      at: at(3),
      roleKey: "regional",
      userId: "u-regional",
      reason: "Night is quieter",
      amendmentId: "m1",
      decidedBy: "host",
    });
  });

  it("keeps decided amendments with proposer, reason, decider and outcome, latest decision first", () => {
    const a = agreementsFrom(log(true)).get("agr-1")!;
    expect(
      decidedAmendments(a).map((m) => ({
        id: m.id,
        by: m.roleKey,
        reason: m.reason,
        status: m.status,
        decidedBy: m.decidedBy,
        version: m.version,
      })),
    ).toEqual([
      { id: "m2", by: "agency", reason: "Premature", status: "rejected", decidedBy: "host", version: undefined },
      { id: "m1", by: "regional", reason: "Night is quieter", status: "accepted", decidedBy: "host", version: 2 },
    ]);
  });

  it("tells who signed which version, and who in person", () => {
    const a = agreementsFrom(log(true)).get("agr-1")!;
    expect(a.signatures).toEqual([
      { version: 1, roleKey: "host", userId: "u-host", at: at(5) },
      { version: 2, roleKey: "host", userId: "u-host", at: at(6) },
      { version: 2, roleKey: "regional", userId: "u-regional", at: at(7) },
    ]);
  });

  it("reads the new fields, and logs without them, in the log's vocabulary", () => {
    for (const e of [...log(true), ...log(false)]) {
      const stored = JSON.parse(JSON.stringify({ type: e.type, payload: e.payload })) as unknown;
      expect(logEventSchema.parse(stored)).toEqual({ type: e.type, payload: e.payload });
    }
  });
});
