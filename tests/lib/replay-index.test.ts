import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { EventDto } from "../../lib/contract/events";
import { agreementsFrom } from "../../lib/agreements/agreement-state";
import { keyMoments } from "../../lib/replay/key-moments";
import { ReplayIndex } from "../../lib/replay/replay-index";

function synthetic(n: number): EventDto[] {
  const events: EventDto[] = [];
  const start = Date.parse("2026-11-22T09:00:00Z");
  for (let i = 1; i <= n; i++) {
    const at = new Date(start + i * 1000).toISOString();
    if (i % 97 === 1) {
      const payload = {
        agreementId: "a1",
        title: "Accord",
        version: Math.ceil(i / 97),
        clauses: [{ key: "k", title: "T", text: `text ${i}` }],
      };
      const meta = { seq: i, at, actor: { roleKey: "host-nation" }, channelId: "c-plenary" };
      events.push(
        i === 1
          ? { ...meta, type: "agreement.created", payload: { ...payload, status: "draft", channelId: "c-plenary" } }
          : { ...meta, type: "agreement.version", payload },
      );
    } else if (i % 50 === 0) {
      events.push({
        seq: i,
        type: "inject.released",
        at,
        actor: {},
        payload: { injectKey: null, title: `inject ${i}`, text: "Something happens.", audience: "all", scheduled: true },
      });
    } else {
      events.push({
        seq: i,
        type: "message.sent",
        at,
        actor: { roleKey: "host-nation" },
        channelId: i % 3 === 0 ? "c-back" : "c-plenary",
        payload: { body: `m${i}`, authorName: "Host", roleName: "Host nation" },
      });
    }
  }
  return events;
}

describe("replay index", () => {
  const events = synthetic(2000);
  const index = new ReplayIndex(events);

  it("answers the state at any moment exactly as a full rescan would", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: events.length }), (count) => {
        const prefix = events.slice(0, count);
        expect(index.messages("c-back", count).map((e) => e.seq)).toEqual(
          prefix.filter((e) => e.type === "message.sent" && e.channelId === "c-back").map((e) => e.seq),
        );
        expect(index.injects(count).map((e) => e.seq)).toEqual(prefix.filter((e) => e.type === "inject.released").map((e) => e.seq));
        expect(index.agreementsAt(count)).toEqual(agreementsFrom(prefix));
      }),
      { numRuns: 60 },
    );
  });

  it("maps a time to the number of events that had happened by then", () => {
    expect(index.countAt(Date.parse("2026-11-22T09:00:00Z"))).toBe(0);
    expect(index.countAt(Date.parse("2026-11-22T09:00:10Z"))).toBe(10);
    expect(index.countAt(Date.parse("2026-11-22T12:00:00Z"))).toBe(2000);
  });

  it("lists every inject among the key moments to jump to", () => {
    const moments = keyMoments(index.events, index.times, []);
    expect(moments.filter((m) => m.kind === "inject").map((m) => m.index)).toEqual(
      index.events.flatMap((e, i) => (e.type === "inject.released" ? [i] : [])),
    );
  });
});
