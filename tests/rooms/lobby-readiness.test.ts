// When the lobby's Start is offered, and when it asks first.
import { describe, expect, it } from "vitest";
import { lobbyReadiness } from "../../app/exercises/[id]/lobby-readiness";

const roles = [{ key: "host" }, { key: "rebels" }, { key: "envoy" }, { key: "press" }];
const signatories = ["host", "rebels", "envoy"];
const seated = (...roleKeys: (string | null)[]) => roleKeys.map((roleKey) => ({ roleKey }));

describe("lobby readiness", () => {
  it("waits for every role that signs the agreement, naming the empty ones in scenario order", () => {
    expect(lobbyReadiness(roles, signatories, seated("envoy", "press", null))).toEqual({
      missingSignatories: ["host", "rebels"],
      emptyOthers: [],
      unseated: 1,
      ready: false,
      complete: false,
    });
  });

  it("offers Start with a confirmation when only roles that do not sign are empty", () => {
    expect(lobbyReadiness(roles, signatories, seated("host", "rebels", "envoy", "envoy"))).toMatchObject({
      emptyOthers: ["press"],
      ready: true,
      complete: false,
    });
  });

  it("asks first when someone still has no role, even with every role seated", () => {
    expect(lobbyReadiness(roles, signatories, seated("host", "rebels", "envoy", "press", null))).toMatchObject({
      ready: true,
      complete: false,
      unseated: 1,
    });
  });

  it("starts without asking when every role is seated and everyone has one", () => {
    expect(lobbyReadiness(roles, signatories, seated("host", "rebels", "envoy", "press"))).toMatchObject({ ready: true, complete: true });
  });

  it("is not ready in an empty lobby", () => {
    expect(lobbyReadiness(roles, signatories, [])).toMatchObject({ missingSignatories: signatories, ready: false });
  });
});
