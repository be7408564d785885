// The Markdown transcript and the print page speak the reader's language and say which time
// zone their times are in; the JSON transcript is for programs and is the same in every
// language. Unit tests on a hostile replay, then the route as a browser calls it.
import MarkdownIt from "markdown-it";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as transcript from "../../app/api/exercises/[id]/transcript/route";
import { TranscriptView } from "../../app/exercises/[id]/debrief/print/transcript-view";
import type { Locale } from "../../i18n/locales";
import type { ReplayData } from "../../server/debrief/replay.service";
import { transcriptMarkdown } from "../../server/debrief/transcript";
import { transcriptOf } from "../../server/debrief/transcript-model";
import { timeZoneSchema, transcriptWords } from "../../server/debrief/transcript-words";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { runningExercise, until } from "../helpers/live";
import { EVERY_KIND, HOSTILE, replayWith } from "./transcript-fixture";

/** Fixed words of each language that the full replay must bring out, and the other must not. */
const LABELS: Record<Locale, string[]> = {
  en: [
    "Transcript: ",
    "Scenario: ",
    "As the facilitator (everything) saw it.",
    "Times are in UTC.",
    "Phase: ",
    "Inject: ",
    "Facilitator announcement",
    "declassified backchannel",
    "The exercise is paused.",
    " tables ",
    " signs version 1 of ",
    " is signed.",
    "Note: ",
    "Agreements",
    ": signed, version 1",
    "in Plenary",
    "Vote on clause “",
    ": 1 yes, 0 no, 0 abstain",
    "Ballots: Host nation: Yes",
  ],
  fr: [
    "Transcription : ",
    "Scénario : ",
    "Telle que le facilitateur (tout) l’a vue.",
    "Heures en UTC.",
    "Phase : ",
    "Stimulus : ",
    "Annonce du facilitateur",
    "canal officieux déclassifié",
    "L’exercice est en pause.",
    " dépose ",
    " signe la version 1 de ",
    " est signé.",
    "Note\u00a0: ",
    "Accords",
    " : signé, version 1",
    "dans Plenary",
    "Vote sur la clause « ",
    " : 1 pour, 0 contre, 0 abstention(s)",
    "Bulletins : Host nation\u00a0: Pour",
  ],
};
const OTHER: Record<Locale, Locale> = { en: "fr", fr: "en" };

const full = () => replayWith(HOSTILE, EVERY_KIND);
const markdown = (locale: Locale, zone?: string) => transcriptMarkdown(full(), transcriptWords(locale, zone));
/** The times at the start of the entries ("- 09:01 UTC ..."). */
const entryTimes = (md: string) =>
  md
    .split("\n")
    .filter((l) => l.startsWith("- "))
    .map((l) => l.split(" ").slice(1, 3).join(" "));

describe.each(["en", "fr"] as const)("the Markdown transcript in %s", (locale) => {
  it("uses this language's fixed words and none of the other's", () => {
    const md = markdown(locale);
    for (const label of LABELS[locale]) expect(md, label).toContain(label);
    for (const label of LABELS[OTHER[locale]]) expect(md, label).not.toContain(label);
  });

  it("keeps what participants typed inert", () => {
    const html = new MarkdownIt({ html: true, linkify: true }).render(markdown(locale));
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<code|<pre|<table|<del|<s>|<blockquote>\s*<p>a quote/i);
    expect(html).not.toMatch(/href="(?!https?:)/);
    // Headings: the title, the phase, the agreements and the one agreement; lists: the entries and its clauses.
    expect(html.match(/<h[1-6]>/g)).toEqual(["<h1>", "<h2>", "<h2>", "<h3>"]);
    expect(html.match(/<(ul|ol)>/g)).toEqual(["<ul>", "<ol>"]);
    expect(html).not.toContain("<strong>bold claim</strong>");
    expect(html).not.toContain("<strong>stop</strong>");
  });

  it("labels every time UTC by default, and with the chosen zone when there is one", () => {
    const utc = entryTimes(markdown(locale));
    expect(utc.length).toBe(HOSTILE.length + 1 + EVERY_KIND.length - 2); // agreement.created and a vote's opening are not entries
    for (const time of utc) expect(time).toMatch(/^\d\d:\d\d UTC$/);
    expect(utc[0]).toBe("09:01 UTC");
    const paris = markdown(locale, "Europe/Paris");
    for (const time of entryTimes(paris)) expect(time).toMatch(/^\d\d:\d\d Europe\/Paris$/);
    expect(entryTimes(paris)[0]).toBe("10:01 Europe/Paris"); // 22 November: UTC+1
    expect(paris).toContain(locale === "fr" ? "Heures dans le fuseau horaire Europe/Paris." : "Times are in the Europe/Paris time zone.");
    expect(paris).not.toContain(" UTC");
  });
});

describe("the print page's words", () => {
  const textOf = (html: string) =>
    html
      .replace(/<[^>]+>/g, "")
      .replace(/&#x27;/g, "'")
      .replace(/&amp;/g, "&");

  it("are the viewer's language, with every time labelled with its zone", () => {
    const html = renderToStaticMarkup(
      createElement(TranscriptView, { transcript: transcriptOf(full()), words: transcriptWords("fr", "America/New_York") }),
    );
    const text = textOf(html);
    for (const label of [
      "Transcription : ",
      "Heures dans le fuseau horaire America/New_York.",
      "Stimulus : ",
      "canal officieux déclassifié",
      "L’exercice est en pause.",
      "Accords",
    ])
      expect(text, label).toContain(label);
    for (const label of ["Transcript: ", "Times are", "Inject: ", "declassified backchannel", "The exercise is", "Agreements", " UTC"])
      expect(text, label).not.toContain(label);
    // Entries carry their instant; the day line before them carries the date alone.
    const times = [...html.matchAll(/<time dateTime="[^"]*T[^"]*">([^<]*)<\/time>/g)].map((m) => m[1]);
    expect(times.length).toBeGreaterThan(10);
    for (const time of times) expect(time).toMatch(/^\d\d:\d\d America\/New_York$/);
    expect([...html.matchAll(/<time dateTime="(\d{4}-\d\d-\d\d)">([^<]*)<\/time>/g)].map((m) => [m[1], m[2]])).toEqual([
      ["2026-11-22", "dimanche 22 novembre 2026"],
    ]);
    expect(html).toContain('lang="fr"');
    expect(html).not.toMatch(/<script|<img|<a |href=|<b>/i);
  });
});

describe("dates in the transcript", () => {
  /** The full replay moved to start at 22:55 UTC on 22 November: past midnight in Paris, not in UTC. */
  const lateEvening = (): ReplayData => {
    const data = full();
    return { ...data, events: data.events.map((e, i) => ({ ...e, at: new Date(Date.UTC(2026, 10, 22, 22, 55 + i)).toISOString() })) };
  };
  const dayLines = (md: string) => md.split("\n").filter((l) => /^\*\*[^*]+\*\*$/.test(l));

  it("names the day before the first entry, in the reader's language and zone", () => {
    expect(dayLines(transcriptMarkdown(lateEvening(), transcriptWords("en")))).toEqual(["**Sunday, 22 November 2026**"]);
    expect(dayLines(transcriptMarkdown(lateEvening(), transcriptWords("fr", "Asia/Tokyo")))).toEqual(["**lundi 23 novembre 2026**"]);
  });

  it("names the new day where midnight falls in the reader's zone, just before its first entry", () => {
    const md = transcriptMarkdown(lateEvening(), transcriptWords("en", "Europe/Paris"));
    expect(dayLines(md)).toEqual(["**Sunday, 22 November 2026**", "**Monday, 23 November 2026**"]);
    const lines = md.split("\n");
    const monday = lines.indexOf("**Monday, 23 November 2026**");
    expect(
      lines
        .slice(0, monday)
        .filter((l) => l.startsWith("- "))
        .at(-1),
    ).toMatch(/^- 23:59 Europe\/Paris /);
    expect(lines[monday + 2]).toMatch(/^- 00:00 Europe\/Paris /);
    expect(dayLines(transcriptMarkdown(lateEvening(), transcriptWords("fr", "Europe/Paris")))).toEqual([
      "**dimanche 22 novembre 2026**",
      "**lundi 23 novembre 2026**",
    ]);
    // Still one list of entries per phase in Markdown's eyes: the day lines are paragraphs between them.
    const html = new MarkdownIt().render(md);
    expect(html).toContain("<p><strong>Monday, 23 November 2026</strong></p>");
  });

  it("shows the same days on the print page, each as a date", () => {
    const html = renderToStaticMarkup(
      createElement(TranscriptView, { transcript: transcriptOf(lateEvening()), words: transcriptWords("en", "Europe/Paris") }),
    );
    expect(
      [...html.matchAll(/<li class="transcript-day"><time dateTime="([^"]+)">([^<]*)<\/time><\/li>/g)].map((m) => [m[1], m[2]]),
    ).toEqual([
      ["2026-11-22", "Sunday, 22 November 2026"],
      ["2026-11-23", "Monday, 23 November 2026"],
    ]);
  });
});

describe("flags in the transcript", () => {
  it("marks a flagged entry as important, and makes no note of a flag without text", () => {
    const data = full();
    data.annotations = [
      ...data.annotations,
      { id: "f1", targetSeq: 3, at: null, body: "", visibleToParticipants: true, important: true, createdAt: new Date().toISOString() },
    ];
    const md = transcriptMarkdown(data, transcriptWords("fr"));
    const entry = md.split("\n").find((l) => l.startsWith("- 09:02 UTC "));
    expect(entry).toMatch(/^- 09:02 UTC \*\*Important\*\* · \*\*Host/);
    expect(md.match(/> Note/g)?.length).toBe(1);
    const html = renderToStaticMarkup(createElement(TranscriptView, { transcript: transcriptOf(data), words: transcriptWords("en") }));
    expect(html.match(/class="is-important"/g)?.length).toBe(1);
  });
});

describe("the tz parameter", () => {
  it("accepts IANA zones by their canonical name and refuses anything else", () => {
    expect(timeZoneSchema.parse("europe/paris")).toBe("Europe/Paris");
    expect(timeZoneSchema.parse("UTC")).toBe("UTC");
    for (const bad of ["", "Mars/Olympus_Mons", "Europe/Paris; rm -rf", "x".repeat(100)])
      expect(timeZoneSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe("the transcript route", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const get = (query: string, headers: Record<string, string> = {}) => {
    const cookie = [live.cast.byLabel("facilitator").cookie!, headers.cookie].filter(Boolean).join("; ");
    return transcript.GET(new Request(`http://parley.test/x${query}`, { headers: { ...headers, cookie } }), {
      params: Promise.resolve({ id: live.cast.exerciseId }),
    });
  };

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
    const host = live.participants.get("host-nation")!;
    await host.client.send(live.channel("plenary", "host-nation").id, "**We** <i>agree</i> [x](javascript:y)");
    await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: live.cast.exerciseId, status: "ended" });
    await until(host, () => host.events.some((e) => e.type === "exercise.status" && (e.payload as { to: string }).to === "ended"));
  });
  afterAll(async () => server.close());

  it("answers in the language of the locale cookie, else of Accept-Language, else English", async () => {
    const french = await get("?format=md", { cookie: "PARLEY_LOCALE=fr", "accept-language": "en-GB" });
    expect(french.headers.get("content-language")).toBe("fr");
    const text = await french.text();
    expect(text).toContain("Heures en UTC.");
    expect(text).toContain("L’exercice est terminé.");
    expect(text).not.toContain("Times are");
    expect(text).toContain("\\*\\*We\\*\\* \\<i\\>agree\\</i\\> \\[x\\](javascript:y)");
    expect(await (await get("?format=md", { "accept-language": "fr-CH, en;q=0.8" })).text()).toContain("Heures en UTC.");
    expect(await (await get("?format=md", { cookie: "PARLEY_LOCALE=en", "accept-language": "fr" })).text()).toContain("Times are in UTC.");
    const english = await (await get("?format=md", { "accept-language": "de" })).text();
    expect(english).toContain("The exercise is ended.");
    expect(english).not.toContain("Heures");
  });

  it("labels times with a valid tz and refuses an invalid one with a 400", async () => {
    const paris = await (await get("?format=md&tz=Europe%2FParis")).text();
    expect(paris).toContain("Times are in the Europe/Paris time zone.");
    for (const time of entryTimes(paris)) expect(time).toMatch(/^\d\d:\d\d Europe\/Paris$/);
    for (const format of ["md", "json"]) {
      const refused = await get(`?format=${format}&tz=Nowhere%2FAtAll`);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        ok: false,
        code: "invalid_payload",
        message: "tz must be an IANA time zone, such as Europe/Paris",
      });
    }
  });

  it("exports the same JSON whatever the language or zone", async () => {
    const json = async (query: string, headers: Record<string, string> = {}) => {
      const res = await get(query, headers);
      expect(res.headers.get("content-type")).toContain("application/json");
      const { exportedAt, ...rest } = (await res.json()) as { exportedAt: string };
      expect(Number.isNaN(Date.parse(exportedAt))).toBe(false);
      return rest;
    };
    const english = await json("?format=json", { cookie: "PARLEY_LOCALE=en" });
    expect(Object.keys(english)).toEqual(["exercise", "perspective", "entries", "annotations", "agreements"]);
    expect(await json("?format=json", { cookie: "PARLEY_LOCALE=fr" })).toEqual(english);
    expect(await json("?format=json&tz=Europe%2FParis", { "accept-language": "fr" })).toEqual(english);
  });
});
