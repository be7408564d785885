import { describe, expect, it } from "vitest";
import { canSee, type Viewer } from "../../server/domain/visibility";
import { canTransition } from "../../server/domain/exercise-status";

const mediator: Viewer = {
  kind: "participant",
  roleKey: "un-mediator",
  channelWindows: [
    { channelId: "back-1", fromSeq: 5, untilSeq: 9 },
    { channelId: "back-2", fromSeq: 12 },
  ],
};

describe("canSee", () => {
  it("lets everyone seated see exercise-wide events", () => {
    expect(canSee(mediator, { seq: 1, visibility: { kind: "exercise" } })).toBe(true);
  });

  it("shows channel events only inside a membership window [from, until)", () => {
    const at = (seq: number) => canSee(mediator, { seq, visibility: { kind: "channel", channelId: "back-1" } });
    expect([at(4), at(5), at(8), at(9)]).toEqual([false, true, true, false]);
    expect(canSee(mediator, { seq: 100, visibility: { kind: "channel", channelId: "back-2" } })).toBe(true);
    expect(canSee(mediator, { seq: 6, visibility: { kind: "channel", channelId: "other" } })).toBe(false);
  });

  it("shows role-targeted events to the listed roles only", () => {
    expect(canSee(mediator, { seq: 1, visibility: { kind: "roles", roles: ["un-mediator"] } })).toBe(true);
    expect(canSee(mediator, { seq: 1, visibility: { kind: "roles", roles: ["host-nation"] } })).toBe(false);
  });

  it("keeps staff events from participants and shows everything to staff", () => {
    expect(canSee(mediator, { seq: 1, visibility: { kind: "staff" } })).toBe(false);
    expect(canSee({ kind: "staff" }, { seq: 1, visibility: { kind: "channel", channelId: "back-1" } })).toBe(true);
  });
});

describe("exercise lifecycle", () => {
  it("allows draft → lobby → running ⇄ paused → ended and nothing else", () => {
    expect(canTransition("draft", "lobby")).toBe(true);
    expect(canTransition("lobby", "running")).toBe(true);
    expect(canTransition("running", "paused")).toBe(true);
    expect(canTransition("paused", "running")).toBe(true);
    expect(canTransition("paused", "ended")).toBe(true);
    expect(canTransition("draft", "running")).toBe(false);
    expect(canTransition("ended", "running")).toBe(false);
  });
});
