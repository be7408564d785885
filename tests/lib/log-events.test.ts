import { describe, expect, it } from "vitest";
import { assertNever, LOG_EVENT_TYPES, logEventSchema, type LogEventType, type PayloadOf } from "../../lib/contract/log-events";
import type { EventDto } from "../../lib/contract/events";
import { keyMoments } from "../../lib/replay/key-moments";
import { ReplayIndex } from "../../lib/replay/replay-index";
import { transcriptMarkdown } from "../../server/debrief/transcript";
import type { ReplayData } from "../../server/debrief/replay.service";

const clock = { phaseIndex: 1, running: true, resumedAt: 1_790_000_000_000, elapsedBeforeMs: 0, extensionMs: 300_000 };
const run = { status: "running" as const, phaseIndex: 1, clock, serverTime: 1_790_000_060_000 };
const clauses = [{ key: "c1", title: "Cessation", text: "The parties cease fire." }];
const about = { agreementId: "agr-1", title: "Accord" };

// One payload per type, shaped as its producer writes it; the mapped type makes a missing type a compile error.
const samples: { [T in LogEventType]: PayloadOf<T> } = {
  "exercise.created": { scenario: "collapsing-ceasefire", contentHash: "abc123" },
  "exercise.lobby-opened": {},
  "exercise.join-code-rotated": {},
  "exercise.status": {
    from: "paused",
    to: "ended",
    leftPhase: { index: 1, elapsedMs: 60_000, plannedMs: 900_000 },
    ...run,
    status: "ended",
  },
  "exercise.phase": { from: 0, to: 1, title: "Talks", leftPhase: { index: 0, elapsedMs: 1_000_000, plannedMs: 900_000 }, ...run },
  "exercise.extended": { minutes: 5, ...run },
  "exercise.settings": { observersSeeBackchannels: true },
  "role.assigned": { userId: "u-1", roleKey: "host-nation", from: null, by: "facilitator" },
  "roster.assigned": { userId: "u-1", roleKey: "host-nation", from: "un-mediator" },
  "roster.removed": { userId: "u-1" },
  "roster.readmitted": { userId: "u-1" },
  "roster.observer-added": { userId: "u-2" },
  "message.sent": { body: "We propose a ceasefire.", authorName: "Ana", roleName: "Host nation" },
  "announcement.sent": { body: "Ten minutes left.", roles: ["host-nation", "un-mediator"] },
  "inject.released": {
    injectKey: null,
    title: "Shelling",
    text: "Reports of shelling at the bridge.",
    audience: ["host-nation"],
    scheduled: false,
  },
  "backchannel.requested": {
    channelId: "ch-1",
    title: "Host · Mediator",
    roles: ["host-nation", "un-mediator"],
    requestedBy: "host-nation",
  },
  "backchannel.convened": { channelId: "ch-2", title: "All sides", roles: ["host-nation", "un-mediator"], requestedBy: "" },
  "backchannel.accepted": { channelId: "ch-1", roleKey: "un-mediator", closed: false },
  "backchannel.declined": { channelId: "ch-1", roleKey: "un-mediator", closed: true },
  "backchannel.left": { channelId: "ch-1", roleKey: "host-nation", closed: false },
  "oversight.opened": { channelId: "ch-1", channelName: "Host · Mediator", reader: "Facilitator", seat: "observer" },
  "channel.declassified": { channelId: "ch-1", channelName: "Host · Mediator" },
  "channel.reclassified": { channelId: "ch-1", channelName: "Host · Mediator" },
  "agreement.created": { ...about, version: 1, clauses, status: "draft", channelId: "ch-plenary" },
  "agreement.version": {
    ...about,
    version: 2,
    clauses,
    change: { kind: "delete", clauseKey: "c2" },
    reason: "Too vague",
    amendmentId: "am-1",
  },
  "agreement.amendment-proposed": {
    ...about,
    amendmentId: "am-1",
    baseVersion: 1,
    change: { kind: "amend", clauseKey: "c1", text: "The parties cease fire at dawn." },
    reason: null,
  },
  "agreement.amendment-decided": { ...about, amendmentId: "am-1", accepted: false },
  "agreement.tabled": { ...about, version: 2, clauses, status: "tabled", channelId: "ch-plenary", tabledBy: "host-nation" },
  "agreement.signed": { ...about, version: 2, roleKey: "host-nation" },
  "agreement.status": { ...about, status: "signed", version: 2 },
  "agreement.vote-opened": {
    ...about,
    voteId: "v-1",
    version: 2,
    clauseKey: "c1",
    clauseTitle: "Ceasefire",
    secret: false,
    electorate: ["host-nation", "un-mediator"],
  },
  "agreement.vote-cast": { ...about, voteId: "v-1", roleKey: "host-nation", choice: "yes" },
  "agreement.vote-closed": {
    ...about,
    voteId: "v-1",
    tally: { yes: 1, no: 0, abstain: 0 },
    notVoted: ["un-mediator"],
    ballots: { "host-nation": "yes" },
    closedBy: "caller",
  },
};

/** As storage reads it back: through JSON. */
const stored = (type: string, payload: unknown) => JSON.parse(JSON.stringify({ type, payload })) as unknown;

describe("the exercise log's vocabulary", () => {
  it("has a sample here for every type in the union", () => {
    expect(Object.keys(samples).sort()).toEqual([...LOG_EVENT_TYPES].sort());
  });

  it.each(Object.entries(samples))("parses %s as its producer writes it, keeping every field", (type, payload) => {
    expect(logEventSchema.parse(stored(type, payload))).toEqual({ type, payload });
  });

  it("parses the optional fields left out (role.assigned without from/by, a version without a change)", () => {
    expect(logEventSchema.safeParse(stored("role.assigned", { userId: "u-1", roleKey: "host-nation" })).success).toBe(true);
    expect(logEventSchema.safeParse(stored("agreement.version", { ...about, version: 2, clauses })).success).toBe(true);
    expect(logEventSchema.safeParse(stored("exercise.phase", { ...samples["exercise.phase"], title: undefined })).success).toBe(true);
  });

  it.each([
    ["a message whose body is not text", "message.sent", { body: 42, authorName: "Ana", roleName: "Host nation" }],
    ["a message without its author", "message.sent", { body: "hello" }],
    [
      "a status change without its clock",
      "exercise.status",
      { from: "running", to: "paused", status: "paused", phaseIndex: 0, serverTime: 1 },
    ],
    ["a status outside the exercise statuses", "exercise.status", { ...samples["exercise.status"], to: "archived" }],
    ["an agreement status of draft", "agreement.status", { ...about, status: "draft", version: 1 }],
    [
      "a role assignment by someone else than self or facilitator",
      "role.assigned",
      { userId: "u-1", roleKey: "host-nation", by: "observer" },
    ],
    ["another event's payload", "backchannel.accepted", samples["message.sent"]],
    ["a type that is not in the vocabulary", "test.event", { n: 1 }],
  ])("refuses %s", (_what, type, payload) => {
    expect(logEventSchema.safeParse(stored(type, payload)).success).toBe(false);
  });

  it("is handled, every type of it, by the consumers that must know them all", () => {
    const events: EventDto[] = Object.entries(samples).map(([type, payload], i) => ({
      seq: i + 1,
      at: new Date(Date.UTC(2026, 10, 22, 9, i)).toISOString(),
      actor: { roleKey: "host-nation" },
      channelId: "ch-plenary",
      ...logEventSchema.parse({ type, payload }),
    }));
    const index = new ReplayIndex(events, "ch-announcements");
    expect(keyMoments(index.events, index.times, [{ id: "ch-plenary", kind: "plenary" }]).map((m) => m.kind)).toEqual([
      "status",
      "phase",
      "inject",
      "backchannel",
      "version",
      "version",
      "tabled",
      "signed",
      "vote",
    ]);
    const data = {
      exercise: { id: "ex-1", title: "Exercise", status: "ended", scenarioTitle: "Scenario" },
      perspective: { kind: "facilitator" },
      roles: [{ key: "host-nation", name: "Host nation" }],
      phases: [],
      channels: [{ id: "ch-plenary", kind: "plenary", name: "Plenary", declassified: false, sealed: false }],
      events,
      annotations: [],
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
    } satisfies ReplayData;
    expect(transcriptMarkdown(data)).toContain("**Host nation** (Ana) _in Plenary_: We propose a ceasefire.");
  });

  it("fails loudly when an exhaustive switch meets a type it does not know", () => {
    expect(() => assertNever({ type: "test.event" } as never)).toThrow(/Unhandled exercise log event/);
  });
});
