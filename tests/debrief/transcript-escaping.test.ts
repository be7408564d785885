// Whatever a participant types comes out of the Markdown transcript and the print page as
// the text they typed: no raw HTML, no links, no headings or lists, no bold. Checked by
// rendering the Markdown with a real CommonMark renderer (markdown-it, HTML and linkify on,
// as a permissive reader would) and the print view with React and the real messages.
import MarkdownIt from "markdown-it";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createTranslator } from "use-intl";
import { describe, expect, it } from "vitest";
import { TranscriptView, type Translate } from "../../app/exercises/[id]/debrief/print/transcript-view";
import { logEventSchema } from "../../lib/contract/log-events";
import type { EventDto } from "../../lib/contract/events";
import { escapeMarkdown } from "../../lib/markdown/escape-markdown";
import type { ReplayData } from "../../server/debrief/replay.service";
import { transcriptMarkdown } from "../../server/debrief/transcript";
import { transcriptOf } from "../../server/debrief/transcript-model";
import en from "../../messages/en.json";

const HOSTILE = [
  "<script>alert('x')</script><img src=x onerror=alert(1)>",
  "[click me](javascript:alert(1)) and <javascript:alert(2)> and ![pic](http://evil.test/p.png)",
  "# I am a heading\n## and another\n- a list\n1. numbered\n> a quote\n---\n    indented code",
  "**bold claim** _emphasis_ `code` ~~gone~~ | a | table |\n|---|---|",
  "&lt;b&gt;entity&lt;/b&gt; &amp; more",
  "line one\n\n\nline two after blank lines",
  "اقتراح وقف إطلاق النار",
];

const clock = { phaseIndex: 1, running: true, resumedAt: 1_790_000_000_000, elapsedBeforeMs: 0, extensionMs: 0 };
const run = { status: "running" as const, phaseIndex: 1, clock, serverTime: 1_790_000_060_000 };

function replayWith(bodies: string[]): ReplayData {
  const raw: { type: string; payload: unknown; channelId?: string }[] = [
    { type: "exercise.phase", payload: { from: 0, to: 1, title: "Talks **begin**", leftPhase: { index: 0, elapsedMs: 1_000, plannedMs: 900_000 }, ...run } },
    ...bodies.map((body) => ({ type: "message.sent", channelId: "ch-plenary", payload: { body, roleName: "Host <b>nation</b>", authorName: "Ana [x](javascript:y)" } })),
    { type: "inject.released", channelId: "ch-announcements", payload: { injectKey: null, title: "Border *incident*", text: "First line.\n# Not a heading\n- not an item", audience: "all", scheduled: false } },
  ];
  const events = raw.map((e, i) => ({
    seq: i + 1,
    at: new Date(Date.UTC(2026, 10, 22, 9, i)).toISOString(),
    actor: { roleKey: "host-nation" },
    ...(e.channelId ? { channelId: e.channelId } : {}),
    ...logEventSchema.parse({ type: e.type, payload: e.payload }),
  })) as EventDto[];
  return {
    exercise: { id: "ex-1", title: "Crisis # one", status: "ended", scenarioTitle: "Scenario" },
    perspective: { kind: "facilitator" },
    roles: [{ key: "host-nation", name: "Host nation" }],
    phases: [],
    channels: [{ id: "ch-plenary", kind: "plenary", name: "Plenary", declassified: false, sealed: false }],
    events,
    annotations: [{ id: "n1", targetSeq: 2, body: "# note heading <i>x</i>", visibleToParticipants: true, createdAt: new Date().toISOString() }] as ReplayData["annotations"],
    figures: { nodes: [], edges: [], phases: [], startedAt: null, msToFirstBackchannel: null, msToFirstTabling: null, msToSignature: null, messagesTotal: 0 },
    debriefQuestions: [],
  };
}

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
  const t = createTranslator({ locale: "en", messages: en, namespace: "debrief.printout" }) as unknown as Translate;
  const status = createTranslator({ locale: "en", messages: en, namespace: "exerciseStatus" }) as unknown as Translate;

  it("shows what people typed as text, with its line breaks and its own direction", () => {
    const html = renderToStaticMarkup(createElement(TranscriptView, { transcript: transcriptOf(replayWith(HOSTILE)), t, status }));
    expect(html).not.toMatch(/<script|<img|<a |href=|<b>|<i>|<h1>I am/i);
    expect(html).not.toContain("<strong>bold claim</strong>");
    expect(html).toContain("**bold claim**");
    expect(html).toContain('dir="auto"');
    expect(textOf(html)).toContain("اقتراح وقف إطلاق النار");
    expect(textOf(html)).toContain("line one\n\n\nline two after blank lines");
    expect(textOf(html)).toContain("As the facilitator (everything) saw it. Times are UTC.");
  });
});
