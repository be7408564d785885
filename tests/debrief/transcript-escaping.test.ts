// Whatever a participant types comes out of the Markdown transcript and the print page as
// the text they typed: no raw HTML, no links, no headings or lists, no bold. Checked by
// rendering the Markdown with a real CommonMark renderer (markdown-it, HTML and linkify on,
// as a permissive reader would) and the print view with React and the real messages.
import MarkdownIt from "markdown-it";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TranscriptView } from "../../app/exercises/[id]/debrief/print/transcript-view";
import { escapeMarkdown } from "../../lib/markdown/escape-markdown";
import { transcriptMarkdown } from "../../server/debrief/transcript";
import { transcriptOf } from "../../server/debrief/transcript-model";
import { transcriptWords } from "../../server/debrief/transcript-words";
import { HOSTILE, replayWith } from "./transcript-fixture";

/** The visible text of rendered HTML, entities decoded, tags dropped. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, "&");

describe("the Markdown transcript", () => {
  const md = new MarkdownIt({ html: true, linkify: true });

  it("turns nothing a participant typed into structure", () => {
    const html = md.render(transcriptMarkdown(replayWith(HOSTILE)));
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<code|<pre|<table|<del|<s>|<blockquote>\s*<p>a quote/i);
    // A bare web address may be linked by the reader (as GFM does); nothing else becomes a link.
    expect(html).not.toMatch(/href="(?!https?:)/);
    expect(html).not.toContain(">click me</a>");
    // Headings: the exercise's title and its phase only; one list of entries, no nested ones.
    expect(html.match(/<h[1-6]>/g)).toEqual(["<h1>", "<h2>"]);
    expect(html.match(/<(ul|ol)>/g)).toEqual(["<ul>"]);
    // Bold only where the transcript puts it (role names, the inject), never from a message.
    expect(html).not.toContain("<strong>bold claim</strong>");
    expect(html).not.toContain("<em>emphasis</em>");
  });

  it("keeps every message whole, as typed, in its own list item", () => {
    const html = md.render(transcriptMarkdown(replayWith(HOSTILE)));
    const text = textOf(html);
    for (const body of HOSTILE) for (const line of body.split("\n").filter((l) => l.trim())) expect(text).toContain(line.trim());
    // Multi-line messages and injects stay inside their entry: 7 messages + 1 inject.
    expect(html.match(/<li>/g)).toHaveLength(HOSTILE.length + 1);
    expect(text).toContain("09:01 UTC");
  });

  it("escapes so that a line can start with anything", () => {
    const r = (s: string) => md.renderInline(escapeMarkdown(s));
    expect(r("1. not a list")).toBe("1. not a list");
    expect(textOf(md.render(escapeMarkdown("- item\n+ item\n= setext")))).toBe("- item\n+ item\n= setext\n");
    expect(r("a\\*b")).toBe("a\\*b");
  });
});

describe("the print page", () => {
  const words = transcriptWords("en");

  it("shows what people typed as text, with its line breaks and its own direction", () => {
    const html = renderToStaticMarkup(createElement(TranscriptView, { transcript: transcriptOf(replayWith(HOSTILE)), words }));
    expect(html).not.toMatch(/<script|<img|<a |href=|<b>|<i>|<h1>I am/i);
    expect(html).not.toContain("<strong>bold claim</strong>");
    expect(html).toContain("**bold claim**");
    expect(html).toContain('dir="auto"');
    expect(textOf(html)).toContain("اقتراح وقف إطلاق النار");
    expect(textOf(html)).toContain("line one\n\n\nline two after blank lines");
    expect(textOf(html)).toContain("As the facilitator (everything) saw it. Times are in UTC.");
  });
});
