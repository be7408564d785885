// A replay whose every user-supplied field is hostile Markdown or HTML, for the transcript
// tests: messages with the given bodies, a phase, an inject, a note, an awkward title.
import { logEventSchema } from "../../lib/contract/log-events";
import type { EventDto } from "../../lib/contract/events";
import type { ReplayData } from "../../server/debrief/replay.service";

export const HOSTILE = [
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

type RawEvent = { type: string; payload: unknown; channelId?: string };

const agreement = { agreementId: "ag-1", title: "Ceasefire <b>now</b>" };
const clauses = [{ key: "c1", title: "Lines # held", text: "Both sides **stop** at [the river](javascript:x)." }];

/** One event of every other kind a transcript shows, hostile where people type. */
export const EVERY_KIND: RawEvent[] = [
  {
    type: "message.sent",
    channelId: "ch-back",
    payload: { body: "Off the record: [deal](javascript:z)?", roleName: "Host <b>nation</b>", authorName: "Ana" },
  },
  { type: "announcement.sent", channelId: "ch-announcements", payload: { body: "# Break\n- ten minutes", roles: [] } },
  { type: "exercise.status", payload: { from: "running", to: "paused", ...run } },
  {
    type: "agreement.created",
    channelId: "ch-plenary",
    payload: { ...agreement, version: 1, clauses, status: "draft", channelId: "ch-plenary" },
  },
  {
    type: "agreement.tabled",
    channelId: "ch-plenary",
    payload: { ...agreement, version: 1, clauses, status: "tabled", channelId: "ch-plenary", tabledBy: "host-nation" },
  },
  { type: "agreement.signed", channelId: "ch-plenary", payload: { ...agreement, version: 1, roleKey: "host-nation" } },
  {
    type: "agreement.vote-opened",
    channelId: "ch-plenary",
    payload: {
      ...agreement,
      voteId: "v1",
      version: 1,
      clauseKey: "c1",
      clauseTitle: "Lines # held <b>x</b> [a](javascript:v)",
      secret: false,
      electorate: ["host-nation"],
    },
  },
  {
    type: "agreement.vote-closed",
    channelId: "ch-plenary",
    payload: {
      ...agreement,
      voteId: "v1",
      tally: { yes: 1, no: 0, abstain: 0 },
      notVoted: [],
      ballots: { "host-nation": "yes" },
      closedBy: "complete",
    },
  },
  { type: "agreement.status", channelId: "ch-plenary", payload: { ...agreement, version: 1, status: "signed" } },
  { type: "exercise.status", payload: { from: "paused", to: "ended", ...run } },
];

export function replayWith(bodies: string[], more: RawEvent[] = []): ReplayData {
  const raw: RawEvent[] = [
    {
      type: "exercise.phase",
      payload: { from: 0, to: 1, title: "Talks **begin**", leftPhase: { index: 0, elapsedMs: 1_000, plannedMs: 900_000 }, ...run },
    },
    ...bodies.map((body) => ({
      type: "message.sent",
      channelId: "ch-plenary",
      payload: { body, roleName: "Host <b>nation</b>", authorName: "Ana [x](javascript:y)" },
    })),
    {
      type: "inject.released",
      channelId: "ch-announcements",
      payload: {
        injectKey: null,
        title: "Border *incident*",
        text: "First line.\n# Not a heading\n- not an item",
        audience: "all",
        scheduled: false,
      },
    },
    ...more,
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
    channels: [
      { id: "ch-plenary", kind: "plenary", name: "Plenary", declassified: false, sealed: false },
      { id: "ch-back", kind: "backchannel", name: "Host *and* mediator", declassified: true, sealed: false },
    ],
    events,
    annotations: [
      {
        id: "n1",
        targetSeq: 2,
        at: null,
        body: "# note heading <i>x</i>",
        visibleToParticipants: true,
        important: false,
        createdAt: new Date().toISOString(),
      },
    ],
    figures: {
      nodes: [],
      edges: [],
      phases: [],
      startedAt: null,
      msToFirstBackchannel: null,
      msToFirstTabling: null,
      msToSignature: null,
      messagesTotal: 0,
    },
    debriefQuestions: [],
  };
}
