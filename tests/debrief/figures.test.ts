// The debrief's figures, from hand-built logs: only seated roles, edges weighted by the
// messages a viewer may see (declassified backchannels included), talk shares and timings.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NextIntlClientProvider } from "next-intl";
import type { EventDto } from "../../lib/contract/events";
import { logEventSchema } from "../../lib/contract/log-events";
import {
  computeFigures,
  type DebriefFigures,
  type FigureChannel,
  type RoleWindows,
  type SeatRecord,
} from "../../server/domain/debrief-figures";
import { layoutNetwork, linksOf, wrapLabel } from "../../app/exercises/[id]/debrief/figure-layout";
import { NetworkFigure } from "../../app/exercises/[id]/debrief/figure-network";
import { Figures } from "../../app/exercises/[id]/debrief/figures";
import type { ReplayData } from "../../server/debrief/replay.service";
import en from "../../messages/en.json";
import fr from "../../messages/fr.json";

const ROLES = ["host-nation", "armed-opposition", "un-mediator", "regional-body", "humanitarian-agency"];
const PHASES = ["Opening", "Talks"];
const T0 = Date.UTC(2026, 10, 22, 9, 0);
const clock = { phaseIndex: 0, running: true, resumedAt: T0, elapsedBeforeMs: 0, extensionMs: 0 };

/** A log under construction: each call appends one event, a minute after the last. */
function log() {
  const events: EventDto[] = [];
  const add = (type: string, payload: unknown, extra: { roleKey?: string; channelId?: string } = {}) => {
    const seq = events.length + 1;
    events.push({
      seq,
      at: new Date(T0 + seq * 60_000).toISOString(),
      actor: extra.roleKey ? { roleKey: extra.roleKey } : {},
      ...(extra.channelId ? { channelId: extra.channelId } : {}),
      ...logEventSchema.parse({ type, payload }),
    } as EventDto);
    return seq;
  };
  const run = (phaseIndex: number) => ({ status: "running", phaseIndex, clock: { ...clock, phaseIndex }, serverTime: T0 });
  return {
    events,
    assign: (userId: string, roleKey: string) => add("role.assigned", { userId, roleKey, from: null }),
    start: () => add("exercise.status", { from: "lobby", to: "running", ...run(0) }),
    phase: (to: number, elapsedMs: number, plannedMs: number) =>
      add("exercise.phase", { from: to - 1, to, leftPhase: { index: to - 1, elapsedMs, plannedMs }, ...run(to) }),
    end: (index: number, elapsedMs: number, plannedMs: number) =>
      add("exercise.status", { from: "running", to: "ended", leftPhase: { index, elapsedMs, plannedMs }, ...run(index), status: "ended" }),
    say: (roleKey: string, channelId: string, body: string) =>
      add("message.sent", { body, authorName: roleKey, roleName: roleKey }, { roleKey, channelId }),
    request: (channelId: string, roles: string[]) =>
      add("backchannel.requested", { channelId, title: "Quiet word", roles, requestedBy: roles[0] }, { roleKey: roles[0]! }),
    table: () =>
      add("agreement.tabled", {
        agreementId: "a1",
        title: "Ceasefire",
        version: 1,
        clauses: [],
        status: "tabled",
        channelId: "plenary",
        tabledBy: "un-mediator",
      }),
    signed: () => add("agreement.status", { agreementId: "a1", title: "Ceasefire", status: "signed", version: 1 }),
  };
}

const plenary: FigureChannel = { id: "plenary", kind: "plenary" };
const team: FigureChannel = { id: "team-host", kind: "team" };
const secret: FigureChannel = { id: "bc-1", kind: "backchannel" };

const seat = (roleKey: string, removedAt: number | null = null): SeatRecord => ({
  roleKey,
  removedAt: removedAt === null ? null : new Date(removedAt),
});

/** Storage's windows: every scenario role in plenary from the start, as exercise creation records them. */
function memberships(extra: Record<string, { channelId: string; fromSeq: number; untilSeq?: number }[]> = {}): RoleWindows[] {
  return ROLES.map((roleKey) => ({
    roleKey,
    windows: [
      { channelId: "plenary", fromSeq: 0 },
      ...(roleKey === "host-nation" ? [{ channelId: "team-host", fromSeq: 0 }] : []),
      ...(extra[roleKey] ?? []),
    ],
  }));
}

const edge = (f: DebriefFigures, from: string, to: string) => f.edges.find((e) => e.from === from && e.to === to);

/**
 * Three of five roles seated; host-nation and un-mediator open a backchannel at seq 8 and
 * talk there at seqs 10 and 11; regional-body was never in it.
 */
function exercise() {
  const l = log();
  l.assign("u1", "host-nation");
  l.assign("u2", "un-mediator");
  l.assign("u3", "regional-body");
  l.start();
  l.say("host-nation", "plenary", "We are ready to talk");
  l.say("un-mediator", "plenary", "Welcome");
  l.say("host-nation", "team-host", "Internal note only");
  const convened = l.request("bc-1", ["host-nation", "un-mediator"]);
  l.phase(1, 20 * 60_000, 15 * 60_000);
  l.say("host-nation", "bc-1", "Codeword Birch: we can pull back ten kilometres");
  l.say("un-mediator", "bc-1", "Noted");
  l.say("regional-body", "plenary", "We support a ceasefire now");
  l.table();
  l.signed();
  l.end(1, 10 * 60_000, 30 * 60_000);
  const windows = memberships({
    "host-nation": [{ channelId: "bc-1", fromSeq: convened }],
    "un-mediator": [{ channelId: "bc-1", fromSeq: convened }],
  });
  const seats = [seat("host-nation"), seat("un-mediator"), seat("regional-body")];
  return { events: l.events, windows, seats, stored: { seats, memberships: windows } };
}

/** What a role's replay holds: the events in its own windows, plus those of channels declassified for it. */
function asRole(events: readonly EventDto[], windows: RoleWindows[], roleKey: string, declassified: string[] = []) {
  const own = windows.find((w) => w.roleKey === roleKey)?.windows ?? [];
  const readable = new Set([...own.map((w) => w.channelId), ...declassified]);
  return events.filter((e) => {
    if (e.type === "backchannel.requested") return e.payload.roles.includes(roleKey);
    return !e.channelId || readable.has(e.channelId);
  });
}

describe("debrief figures", () => {
  it("has no node and no edge for a role nobody sat in, though plenary lists every role", () => {
    const { events, stored } = exercise();
    const f = computeFigures(events, [plenary, team, secret], ROLES, PHASES, stored);
    expect(f.nodes.map((n) => n.roleKey)).toEqual(["host-nation", "un-mediator", "regional-body"]);
    for (const e of f.edges) for (const role of [e.from, e.to]) expect(["armed-opposition", "humanitarian-agency"]).not.toContain(role);
  });

  it("counts a seat held at the start or later, not a choice changed in the lobby", () => {
    const { events, windows } = exercise();
    const start = Date.parse(events.find((e) => e.type === "exercise.status")!.at);
    const seats = [seat("armed-opposition", start - 60_000), seat("host-nation"), seat("humanitarian-agency", start + 60_000)];
    const f = computeFigures(events, [plenary], ROLES, PHASES, { seats, memberships: windows });
    // un-mediator and regional-body have no seat here, but they spoke: they sat there.
    expect(f.nodes.map((n) => n.roleKey)).toEqual(["host-nation", "un-mediator", "regional-body", "humanitarian-agency"]);
  });

  it("before any start, counts only the seats still held", () => {
    const f = computeFigures([], [plenary], ROLES, PHASES, {
      seats: [seat("armed-opposition", Date.UTC(2026, 0, 1)), seat("un-mediator")],
      memberships: memberships(),
    });
    expect(f.nodes.map((n) => n.roleKey)).toEqual(["un-mediator"]);
  });

  it("weighs each edge by the messages of one role that reached the other, plenary and backchannel apart", () => {
    const { events, stored } = exercise();
    const f = computeFigures(events, [plenary, team, secret], ROLES, PHASES, stored);
    expect(edge(f, "host-nation", "un-mediator")).toEqual({ from: "host-nation", to: "un-mediator", plenary: 1, backchannel: 1 });
    expect(edge(f, "host-nation", "regional-body")).toEqual({ from: "host-nation", to: "regional-body", plenary: 1, backchannel: 0 });
    expect(edge(f, "regional-body", "host-nation")).toEqual({ from: "regional-body", to: "host-nation", plenary: 1, backchannel: 0 });
    expect(edge(f, "un-mediator", "regional-body")?.backchannel).toBe(0);
    // The team channel is a delegation talking to itself: no edge, no share.
    expect(f.nodes.find((n) => n.roleKey === "host-nation")?.messages).toBe(2);
    expect(f.messagesTotal).toBe(6);
  });

  it("counts a message only for roles in the channel at its sequence number", () => {
    const { events, windows, stored } = exercise();
    // un-mediator joins the backchannel at seq 11, after host-nation's message there (seq 10).
    const late = windows.map((w) =>
      w.roleKey === "un-mediator" ? { ...w, windows: w.windows.map((x) => (x.channelId === "bc-1" ? { ...x, fromSeq: 11 } : x)) } : w,
    );
    const f = computeFigures(events, [plenary, team, secret], ROLES, PHASES, { ...stored, memberships: late });
    expect(edge(f, "host-nation", "un-mediator")?.backchannel).toBe(0);
    expect(edge(f, "un-mediator", "host-nation")?.backchannel).toBe(1);
  });

  it("counts a declassified backchannel for a participant who was never in it", () => {
    const { events, windows, stored } = exercise();
    const seen = asRole(events, windows, "regional-body", ["bc-1"]);
    expect(seen.some((e) => e.type === "backchannel.requested")).toBe(false);
    const f = computeFigures(seen, [plenary, secret], ROLES, PHASES, stored);
    expect(edge(f, "host-nation", "un-mediator")?.backchannel).toBe(1);
    expect(edge(f, "un-mediator", "host-nation")?.backchannel).toBe(1);
    // The opening is not in this role's log: the first message it may read dates the backchannel.
    expect(f.msToFirstBackchannel).toBe(6 * 60_000);
  });

  it("shows nothing of a backchannel a participant was not in and that stayed classified", () => {
    const { events, windows, stored } = exercise();
    const seen = asRole(events, windows, "regional-body");
    const f = computeFigures(seen, [plenary], ROLES, PHASES, stored);
    expect(f.edges.every((e) => e.backchannel === 0)).toBe(true);
    expect(f.msToFirstBackchannel).toBeNull();
    expect(f.nodes.find((n) => n.roleKey === "un-mediator")?.messages).toBe(1);
    expect(f.nodes.find((n) => n.roleKey === "host-nation")?.words).toBe(5);
  });

  it("reads no membership of a channel the viewer may not read (sealed, or not listed)", () => {
    const { events, stored } = exercise();
    const f = computeFigures(events, [plenary, team, { ...secret, sealed: true }], ROLES, PHASES, stored);
    expect(f.edges.every((e) => e.backchannel === 0)).toBe(true);
  });

  it("gives talk shares that sum to one, by messages and by words", () => {
    const { events, stored } = exercise();
    const f = computeFigures(events, [plenary, team, secret], ROLES, PHASES, stored);
    const sum = (pick: (n: DebriefFigures["nodes"][number]) => number) => f.nodes.reduce((s, n) => s + pick(n), 0);
    expect(sum((n) => n.messageShare)).toBeCloseTo(1, 10);
    expect(sum((n) => n.wordShare)).toBeCloseTo(1, 10);
    expect(f.nodes.find((n) => n.roleKey === "host-nation")).toMatchObject({ messages: 2, words: 13, messageShare: 2 / 5 });
  });

  it("splits talk by phase, in messages and words", () => {
    const { events, stored } = exercise();
    const f = computeFigures(events, [plenary, team, secret], ROLES, PHASES, stored);
    expect(f.phases[0]?.messagesByRole).toEqual({ "host-nation": 1, "un-mediator": 1 });
    expect(f.phases[0]?.wordsByRole).toEqual({ "host-nation": 5, "un-mediator": 1 });
    expect(f.phases[1]?.messagesByRole).toEqual({ "host-nation": 1, "un-mediator": 1, "regional-body": 1 });
    expect(f.phases[1]?.wordsByRole).toEqual({ "host-nation": 8, "un-mediator": 1, "regional-body": 5 });
  });

  it("times the first backchannel, the first tabled draft, the signature and each phase's overrun", () => {
    const { events, stored } = exercise();
    const f = computeFigures(events, [plenary, team, secret], ROLES, PHASES, stored);
    expect(f.startedAt).toBe(new Date(T0 + 4 * 60_000).toISOString());
    expect(f.msToFirstBackchannel).toBe(4 * 60_000);
    expect(f.msToFirstTabling).toBe(9 * 60_000);
    expect(f.msToSignature).toBe(10 * 60_000);
    expect(f.phases.map((p) => [p.elapsedMs, p.plannedMs, p.overrunMs])).toEqual([
      [20 * 60_000, 15 * 60_000, 5 * 60_000],
      [10 * 60_000, 30 * 60_000, 0],
    ]);
  });
});

describe("the network figure", () => {
  const NAMES: Record<string, string> = {
    "host-nation": "Government of Dravonia",
    "un-mediator": "Special Representative, UN Integrated Stabilization Mission in Koudara (UNISK)",
    "regional-body": "Korvath Relief Consortium",
  };
  const nameOf = (k?: string) => NAMES[k ?? ""] ?? k ?? "";
  const figures = () => {
    const { events, stored } = exercise();
    return computeFigures(events, [plenary, team, secret], ROLES, PHASES, stored);
  };

  it("wraps a long name onto balanced lines and never drops a word", () => {
    expect(wrapLabel("Korvath Relief Consortium", 20)).toEqual(["Korvath Relief", "Consortium"]);
    expect(wrapLabel("Meridian Alliance", 26)).toEqual(["Meridian Alliance"]);
    const long = NAMES["un-mediator"]!;
    const lines = wrapLabel(long, 25);
    expect(lines.join(" ")).toBe(long);
    expect(lines.every((l) => l.length <= 25)).toBe(true);
  });

  it("joins both directions of a pair into one line", () => {
    expect(linksOf(figures())).toContainEqual({ a: "host-nation", b: "un-mediator", plenary: 2, backchannel: 2 });
  });

  for (const width of [390 - 32, 640, 1100]) {
    it(`keeps every node and label inside the drawing at ${width} px`, () => {
      const layout = layoutNetwork(figures(), nameOf, width);
      expect(layout.width).toBe(width);
      expect(layout.nodes).toHaveLength(3);
      for (const n of layout.nodes) {
        expect(n.label.lines.join(" ")).toBe(nameOf(n.roleKey));
        const text = Math.max(...n.label.lines.map((l) => l.length)) * 13 * 0.6;
        const [left, right] =
          n.label.anchor === "start"
            ? [n.label.x, n.label.x + text]
            : n.label.anchor === "end"
              ? [n.label.x - text, n.label.x]
              : [n.label.x - text / 2, n.label.x + text / 2];
        expect(left).toBeGreaterThanOrEqual(0);
        expect(right).toBeLessThanOrEqual(width);
        expect(n.y - n.r).toBeGreaterThanOrEqual(0);
        expect(n.label.y + n.label.lines.length * 16).toBeLessThanOrEqual(layout.height + 16);
      }
    });
  }

  const render = (locale: "en" | "fr", element: ReturnType<typeof createElement>) =>
    renderToStaticMarkup(
      createElement(NextIntlClientProvider, {
        locale,
        messages: locale === "en" ? en : fr,
        timeZone: "UTC",
        onError: (error) => {
          throw error;
        },
        children: element,
      }),
    );

  it("renders full role names and a table of the pairs", () => {
    const html = render("en", createElement(NetworkFigure, { figures: figures(), roleName: nameOf }));
    expect(html).toContain("UNISK)");
    expect(html).toContain("Korvath Relief");
    expect(html).toContain("Consortium");
    expect(html).toMatch(/<caption>[^<]+<\/caption>/);
    expect(html).toContain('scope="row"');
    expect(html).toContain('role="region"');
  });

  for (const locale of ["en", "fr"] as const) {
    it(`renders every figure with its table in ${locale}, every text translated`, () => {
      const data = {
        roles: Object.entries(NAMES).map(([key, name]) => ({ key, name })),
        phases: PHASES.map((title, i) => ({ key: `p${i}`, title, minutes: 15 })),
        figures: figures(),
        objectives: [{ roleKey: "host-nation", items: [{ id: "o1", text: "Keep the border open", met: true }] }],
      } as unknown as ReplayData;
      const html = render(
        locale,
        createElement(Figures, { data, roleName: nameOf, exerciseId: "ex-1", staff: true, onChanged: () => undefined }),
      );
      expect(html.match(/<table/g)).toHaveLength(4);
      expect(html.match(/<caption>/g)).toHaveLength(4);
      expect(html.match(/role="region"[^>]*tabindex="0"|tabindex="0"[^>]*role="region"/g)).toHaveLength(4);
      expect(html).toContain("Keep the border open");
      expect(html).toContain("+5\u00a0min");
    });
  }
});
