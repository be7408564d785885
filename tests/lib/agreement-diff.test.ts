import { describe, expect, it } from "vitest";
import { diffVersions } from "../../lib/agreements/agreement";
import { applyChange } from "../../server/domain/agreement-rules";

const v1 = [
  { key: "a", title: "Cessation", text: "The parties cease fire at noon." },
  { key: "b", title: "Monitors", text: "Monitors deploy." },
];

describe("agreement versions", () => {
  it("compares versions clause by clause with word-level differences", () => {
    const v2 = [
      { key: "a", title: "Cessation", text: "The parties cease fire at midnight." },
      { key: "c", title: "Amnesty", text: "An amnesty applies." },
    ];
    const diff = diffVersions(v1, v2);
    expect(diff.map((d) => [d.key, d.state])).toEqual([
      ["a", "changed"],
      ["c", "added"],
      ["b", "removed"],
    ]);
    const words = diff[0]!.parts.filter((p) => p.added || p.removed).map((p) => `${p.added ? "+" : "-"}${p.text.trim()}`);
    expect(words).toEqual(["-noon", "+midnight"]);
  });

  it("applies additions, amendments, deletions and reorderings, and refuses stale references", () => {
    const added = applyChange(v1, { kind: "add", title: "Amnesty", text: "An amnesty applies.", position: 1 }, "n");
    expect(added.ok && added.data.map((c) => c.key)).toEqual(["a", "n", "b"]);
    const amended = applyChange(v1, { kind: "amend", clauseKey: "b", text: "Unarmed monitors deploy." }, "n");
    expect(amended.ok && amended.data[1]?.text).toBe("Unarmed monitors deploy.");
    expect(applyChange(v1, { kind: "delete", clauseKey: "zz" }, "n")).toMatchObject({ ok: false, code: "conflict" });
    expect(applyChange(v1, { kind: "reorder", order: ["b", "a"] }, "n")).toMatchObject({ ok: true, data: [{ key: "b" }, { key: "a" }] });
    expect(applyChange(v1, { kind: "reorder", order: ["b"] }, "n")).toMatchObject({ ok: false, code: "conflict" });
    expect(applyChange(v1, { kind: "amend", clauseKey: "a", text: "The parties cease fire at noon." }, "n")).toMatchObject({
      ok: false,
      code: "invalid_payload",
    });
  });
});
