import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ReplayIndex } from "../../lib/replay/replay-index";
import {
  fractionAt,
  keyStep,
  nextEventTime,
  offsetAt,
  prevEventTime,
  timeAtFraction,
  timeAtOffset,
  timelineScale,
} from "../../lib/replay/timeline-scale";
import { flaggedMoments, keyMoments, nextMoment, prevMoment } from "../../lib/replay/key-moments";
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
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scale.duration }), (offset) => offsetAt(scale, timeAtOffset(scale, offset)) === offset),
    );
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
    expect(moments.map((m) => m.kind)).toEqual([
      "status",
      "backchannel",
      "inject",
      "phase",
      "version",
      "version",
      "tabled",
      "inject",
      "signed",
      "signed",
      "status",
    ]);
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

describe("flagged moments among the key moments", () => {
  // seq 3 is the plenary message at 09:02, seq 11 the second inject at 09:30.
  const flags = [
    { id: "f1", targetSeq: 3, at: null, body: "" },
    { id: "f2", targetSeq: 3, at: null, body: "The opening offer" },
    { id: "f3", targetSeq: null, at: minute(33), body: "Silence after the reporters" },
    { id: "f4", targetSeq: 11, at: null, body: "" },
    { id: "f5", targetSeq: 999, at: null, body: "Pinned to an event this viewer never saw" },
  ];
  const moments = keyMoments(index.events, index.times, channels, flags);
  const flagged = moments.filter((m) => m.kind === "flagged");

  it("adds one moment per flagged event or moment, in time order with the others", () => {
    expect(flagged.map((m) => [m.time, m.flag?.ids])).toEqual([
      [t(2), ["f1", "f2"]],
      [t(30), ["f4"]],
      [t(33), ["f3"]],
    ]);
    expect(moments.map((m) => m.time)).toEqual([...moments.map((m) => m.time)].sort((a, b) => a - b));
    expect(moments.length).toBe(keyMoments(index.events, index.times, channels).length + 3);
  });

  it("names a flag by its first text, and leaves the event to name a flag without text", () => {
    expect(flagged[0]!.flag?.body).toBe("The opening offer");
    expect(flagged[0]!.event.type).toBe("message.sent");
    expect(flagged[1]!.flag?.body).toBe("");
    expect(flagged[1]!.event.type).toBe("inject.released");
  });

  it("puts an event's own moment before the flag on it", () => {
    const atInject = moments.filter((m) => m.time === t(30)).map((m) => m.kind);
    expect(atInject).toEqual(["inject", "flagged"]);
  });

  it("places a flag on a moment in time at the last event before it", () => {
    expect(flagged[2]!.event.seq).toBe(index.events[index.countAt(t(33)) - 1]!.seq);
    expect(index.countAt(flagged[2]!.time)).toBeGreaterThan(flagged[2]!.index);
  });

  it("leaves out a flag on an event the replay does not hold", () => {
    expect(flaggedMoments(index.events, index.times, [flags[4]!])).toEqual([]);
  });

  it("is reached by Page Up and Page Down like any key moment", () => {
    expect(nextMoment(moments, t(1))?.kind).toBe("flagged");
    expect(nextMoment(moments, t(30))?.flag?.ids).toEqual(["f3"]);
    expect(prevMoment(moments, t(40))?.flag?.ids).toEqual(["f3"]);
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

  it("draws messages per channel, leaving out a channel with nothing in it for this viewer", () => {
    expect(tracks.channels.map((c) => [c.channelId, c.items.map((i) => i.time)])).toEqual([
      ["c-plenary", [t(2)]],
      ["c-back", [t(6)]],
    ]);
  });

  it("draws no note for a flag without text (the flagged moments show it)", () => {
    const withFlag = replayTracks({
      events: index.events,
      times: index.times,
      channels,
      phases,
      annotations: [{ id: "f1", targetSeq: 3, at: null, body: "" }],
    });
    expect(withFlag.annotations).toEqual([]);
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
