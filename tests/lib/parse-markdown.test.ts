import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../lib/markdown/parse-markdown";

describe("parseMarkdown", () => {
  it("reads headings, paragraphs joined across lines, and lists with continuation lines", () => {
    const blocks = parseMarkdown("## Situation\nFirst line\nsecond line.\n\n- one item\n  continued\n- **two**\n\n1. first\n2. second");
    expect(blocks).toEqual([
      { kind: "heading", level: 2, content: [{ text: "Situation" }] },
      { kind: "paragraph", content: [{ text: "First line second line." }] },
      { kind: "list", ordered: false, items: [[{ text: "one item continued" }], [{ text: "two", bold: true }]] },
      { kind: "list", ordered: true, items: [[{ text: "first" }], [{ text: "second" }]] },
    ]);
  });

  it("keeps markup as text", () => {
    expect(parseMarkdown("<script>alert(1)</script>")).toEqual([{ kind: "paragraph", content: [{ text: "<script>alert(1)</script>" }] }]);
  });
});
