import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ReplayIndex } from "../../lib/replay/replay-index";
import { fractionAt, keyStep, nextEventTime, offsetAt, prevEventTime, timeAtFraction, timeAtOffset, timelineScale } from "../../lib/replay/timeline-scale";
import { keyMoments, nextMoment, prevMoment } from "../../lib/replay/key-moments";
import { bucketed, replayTracks } from "../../lib/replay/replay-tracks";
import { channels, fixture, minute, phases } from "./replay-fixture";

const index = new ReplayIndex(fixture(), "c-ann");
const scale = timelineScale(index.times);
const t = (m: number) => Date.parse(minute(m));

describe("time-proportional scale", () => {
  it("makes the slider value milliseconds since the first event", () => {
    expect(scale.duration).toBe(60 * 60_000);
    expect(offsetAt(scale, t(30))).toBe(30 * 60_000);
    expect(timeAtOffset(scale, 30 * 60_000)).toBe(t(30));
    expect(fractionAt(scale, t(15))).toBe(0.25);
  });

  it("shows at a slider value the state of that time, not of an event count", () => {
    // Half way through the time is 30 minutes in: 11 events had happened, not half of 14.
    expect(index.countAt(timeAtFraction(scale, 0.5))).toBe(11);
    expect(index.countAt(timeAtOffset(scale, 29 * 60_000))).toBe(10);
  });

  it("maps a position to a time and back for any position", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: scale.duration }), (offset) => offsetAt(scale, timeAtOffset(scale, offset)) === offset));
  });

  it("clamps times outside the exercise", () => {
    expect(offsetAt(scale, t(-5))).toBe(0);
    expect(offsetAt(scale, t(90))).toBe(scale.duration);
  });

  it("steps by about one per cent of the duration with the keyboard", () => {
    expect(keyStep(scale)).toBe(36_000);
    expect(keyStep(timelineScale([0]))).toBe(1000);
  });

  it("steps by event", () => {
    expect(nextEventTime(index.times, t(2))).toBe(t(5));
    expect(prevEventTime(index.times, t(5))).toBe(t(2));
    expect(nextEventTime(index.times, t(60))).toBeNull();
  });
});

describe("key moments", () => {
  const moments = keyMoments(index.events, index.times, channels);

  it("lists phases, statuses, the first backchannel, injects, versions, tablings and signatures in order", () => {
    expect(moments.map((m) => m.kind)).toEqual(["status", "backchannel", "inject", "phase", "version", "version", "tabled", "inject", "signed", "signed", "status"]);
  });

  it("counts only the first backchannel, by its opening or its first message", () => {
    expect(moments.filter((m) => m.kind === "backchannel").map((m) => m.time)).toEqual([t(5)]);
    const talkOnly = new ReplayIndex(fixture().filter((e) => e.type !== "backchannel.requested"));
    expect(keyMoments(talkOnly.events, talkOnly.times, channels).find((m) => m.kind === "backchannel")?.event.type).toBe("message.sent");
  });

  it("marks the first signature", () => {
    expect(moments.filter((m) => m.first).map((m) => m.time)).toEqual([t(40)]);
  });

  it("finds the next and previous moment from a time", () => {
    expect(nextMoment(moments, t(10))?.kind).toBe("phase");
    expect(nextMoment(moments, t(11))?.time).toBe(t(20));
    expect(prevMoment(moments, t(20))?.time).toBe(t(10));
    expect(prevMoment(moments, t(1))).toBeNull();
    expect(nextMoment(moments, t(60))).toBeNull();
  });

  it("places a moment so that the state at its time includes it", () => {
    for (const m of moments) expect(index.countAt(m.time)).toBeGreaterThan(m.index);
  });
});

describe("tracks", () => {
  const tracks = replayTracks({
    events: index.events,
    times: index.times,
    channels,
    phases,
    annotations: [
      { id: "n1", targetSeq: 3, at: null, body: "Note the opening" },
      { id: "n2", targetSeq: null, at: minute(45), body: "After the signatures" },
      { id: "n3", targetSeq: 999, at: null, body: "Pinned to something not in this replay" },
    ],
  });

  it("draws phases as spans from start to the next phase and the end", () => {
    expect(tracks.phases).toEqual([
      { phaseIndex: 0, title: "Opening", start: t(1), end: t(20) },
      { phaseIndex: 1, title: "Drafting", start: t(20), end: t(60) },
    ]);
  });

  it("draws messages per channel, every channel a row", () => {
    expect(tracks.channels.map((c) => [c.channelId, c.items.map((i) => i.time)])).toEqual([
      ["c-plenary", [t(2)]],
      ["c-back", [t(6)]],
      ["c-ann", []],
    ]);
  });

  it("draws injects, versions, signatures and annotations at their times", () => {
    expect(tracks.injects.map((i) => i.time)).toEqual([t(10), t(30)]);
    expect(tracks.versions.map((v) => [v.version, v.tabled])).toEqual([
      [1, false],
      [2, false],
      [2, true],
    ]);
    expect(tracks.signatures.map((s) => s.roleKey)).toEqual(["host", "rebels"]);
    expect(tracks.annotations).toEqual([
      { id: "n1", time: t(2), label: "Note the opening" },
      { id: "n2", time: t(45), label: "After the signatures" },
    ]);
  });

  it("groups dense ticks into buckets, keeping every item counted", () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ seq: i, time: i * 10, label: "" }));
    const groups = bucketed(items, 0, 10_000, 50);
    expect(groups.length).toBe(50);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(1000);
  });
});
