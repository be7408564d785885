import { describe, expect, it } from "vitest";
import { previewAmendment } from "../../lib/agreements/amendment-preview";
import type { Change } from "../../lib/agreements/agreement";
import { applyChange } from "../../server/domain/agreement-rules";

const current = [
  { key: "a", title: "Cessation", text: "The parties cease fire at noon." },
  { key: "b", title: "Monitors", text: "Monitors deploy." },
  { key: "c", title: "Amnesty", text: "An amnesty applies." },
];

/** The words a preview marks, as "+word" and "-word". */
const marked = (parts: { text: string; added?: boolean; removed?: boolean }[]) =>
  parts.filter((p) => p.added || p.removed).map((p) => `${p.added ? "+" : "-"}${p.text.trim()}`);

describe("a pending amendment shown against the current text", () => {
  it("shows an amended clause alone, numbered, with its words inserted and deleted", () => {
    const preview = previewAmendment(current, { kind: "amend", clauseKey: "b", text: "Unarmed monitors deploy within a week." });
    expect(preview.kind).toBe("clauses");
    if (preview.kind !== "clauses") return;
    expect(preview.clauses.map((c) => [c.key, c.state, c.number])).toEqual([["b", "changed", 2]]);
    expect(marked(preview.clauses[0]!.parts)).toEqual(["-Monitors", "+Unarmed monitors", "+within a week"]);
  });

  it("names the title a renaming amendment replaces", () => {
    const preview = previewAmendment(current, {
      kind: "amend",
      clauseKey: "a",
      title: "Ceasefire",
      text: "The parties cease fire at noon.",
    });
    expect(preview).toMatchObject({
      kind: "clauses",
      clauses: [{ key: "a", state: "changed", title: "Ceasefire", oldTitle: "Cessation" }],
    });
  });

  it("shows an added clause where it would stand and a deleted one where it stood, all inserted or all deleted", () => {
    const added = previewAmendment(current, { kind: "add", title: "Prisoners", text: "Prisoners are exchanged.", position: 1 });
    expect(added).toMatchObject({
      kind: "clauses",
      clauses: [{ title: "Prisoners", state: "added", number: 2, parts: [{ text: "Prisoners are exchanged.", added: true }] }],
    });
    const deleted = previewAmendment(current, { kind: "delete", clauseKey: "c" });
    expect(deleted).toMatchObject({
      kind: "clauses",
      clauses: [{ key: "c", state: "removed", number: 3, parts: [{ text: "An amnesty applies.", removed: true }] }],
    });
  });

  it("shows a reordering as the new order with each clause's former place", () => {
    expect(previewAmendment(current, { kind: "reorder", order: ["c", "a", "b"] })).toEqual({
      kind: "order",
      order: [
        { key: "c", title: "Amnesty", from: 3, to: 1 },
        { key: "a", title: "Cessation", from: 1, to: 2 },
        { key: "b", title: "Monitors", from: 2, to: 3 },
      ],
    });
  });

  it("says when the text moved on so that accepting would be refused, as the server would", () => {
    const cases: [Change, Change, Change, Change] = [
      { kind: "amend", clauseKey: "gone", text: "Anything." },
      { kind: "delete", clauseKey: "gone" },
      { kind: "amend", clauseKey: "a", text: "The parties cease fire at noon." },
      { kind: "reorder", order: ["a", "b"] },
    ];
    for (const change of cases) {
      expect(previewAmendment(current, change).kind).toBe("stale");
      expect(applyChange(current, change, "n").ok).toBe(false);
    }
    expect(previewAmendment(current, cases[0])).toEqual({ kind: "stale", misfit: "missing-clause" });
    expect(previewAmendment(current, cases[2])).toEqual({ kind: "stale", misfit: "no-change" });
    expect(previewAmendment(current, cases[3])).toEqual({ kind: "stale", misfit: "bad-order" });
  });
});
