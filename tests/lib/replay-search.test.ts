import { describe, expect, it } from "vitest";
import { fold, searchReplay } from "../../lib/replay/replay-search";
import { fixture, minute } from "./replay-fixture";

const events = fixture();

describe("replay search", () => {
  it("finds a message regardless of case and accents, with its seq, time, channel and a snippet", () => {
    const [hit, ...rest] = searchReplay(events, "ELAN");
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ kind: "message", seq: 3, time: Date.parse(minute(2)), channelId: "c-plenary" });
    expect(hit!.snippet.slice(...hit!.match)).toBe("Élan");
  });

  it("finds accented text from an accented or plain query", () => {
    expect(searchReplay(events, "cessez-le-feu a").map((h) => h.seq)).toEqual([3]);
    expect(searchReplay(events, "À ÉLAN").map((h) => h.seq)).toEqual([3]);
  });

  it("searches only the events it is given: what the server left out of the replay is never found", () => {
    expect(searchReplay(events, "birch").map((h) => h.channelId)).toEqual(["c-back"]);
    // A role's replay without the backchannel (the server's cut) cannot find its talk.
    const asOtherRole = events.filter((e) => e.channelId !== "c-back");
    expect(searchReplay(asOtherRole, "birch")).toEqual([]);
  });

  it("finds inject titles and texts", () => {
    expect(searchReplay(events, "storm").map((h) => h.kind)).toEqual(["inject"]);
    expect(searchReplay(events, "cameras").map((h) => h.seq)).toEqual([11]);
  });

  it("finds a clause once, where its text first appears", () => {
    expect(searchReplay(events, "stop firing").map((h) => h.seq)).toEqual([8, 9]);
    expect(searchReplay(events, "at dawn").map((h) => [h.kind, h.seq, h.channelId])).toEqual([["clause", 9, "c-plenary"]]);
  });

  it("finds the annotations given, at the time of their event or moment", () => {
    const annotations = [
      { id: "n1", targetSeq: 5, at: null, body: "Watch the birch codeword" },
      { id: "n2", targetSeq: null, at: minute(45), body: "Noté après" },
    ];
    expect(searchReplay(events, "codeword", { annotations }).map((h) => [h.kind, h.seq, h.channelId])).toEqual([
      ["message", 5, "c-back"],
      ["note", 5, "c-back"],
    ]);
    expect(searchReplay(events, "note apres", { annotations })).toMatchObject([{ kind: "note", seq: null, time: Date.parse(minute(45)) }]);
  });

  it("returns nothing for an empty query", () => {
    expect(searchReplay(events, "   ")).toEqual([]);
  });

  it("keeps a snippet short around the match", () => {
    const body = `${"a".repeat(300)} needle ${"b".repeat(300)}`;
    const [hit] = searchReplay(
      [{ seq: 1, at: minute(0), actor: {}, channelId: "c", type: "message.sent", payload: { body, authorName: "A", roleName: "R" } }],
      "NEEDLE",
    );
    expect(hit!.snippet.length).toBeLessThan(140);
    expect(hit!.snippet.startsWith("…")).toBe(true);
    expect(hit!.snippet.slice(...hit!.match)).toBe("needle");
  });

  it("folds case and accents but keeps other letters", () => {
    expect(fold("Çà et LÀ, Ωmega").folded).toBe("ca et la, ωmega");
  });
});
