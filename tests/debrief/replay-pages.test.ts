// A paged debrief gives each reader exactly what the whole one gives them: its state plus
// every page of every channel is the whole visible log, for every seat, before and after
// the end; a page at a moment is the channel's last messages by then; bad requests are 400;
// a full view is audited once per opening, and its parts are read only under an opening.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as replay from "../../app/api/exercises/[id]/replay/route";
import { newClientKey } from "../../lib/client/exercise-client";
import type { EventDto } from "../../lib/contract/events";
import type { MessagePage } from "../../lib/replay/replay-query";
import type { ReplayScreen } from "../../server/debrief/replay.service";
import { startTestServer, type TestServer } from "../helpers/test-server";
import { openBackchannel, runningExercise, until } from "../helpers/live";

type Answer<T> = { status: number; body: { ok: true; data: T } | { ok: false; code: string; message: string } };

describe("the paged debrief", () => {
  let server: TestServer;
  let live: Awaited<ReturnType<typeof runningExercise>>;
  const ex = () => live.cast.exerciseId;
  const seats = () => ["facilitator", "observer", ...live.roles.map((r) => `participant as ${r}`)];

  async function get<T>(label: string, query: Record<string, string | number | undefined>): Promise<Answer<T>> {
    const pairs = Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]));
    const url = `http://parley.test/api/exercises/${ex()}/replay?${new URLSearchParams(pairs)}`;
    const res = await replay.GET(new Request(url, { headers: { cookie: live.cast.byLabel(label).cookie! } }), {
      params: Promise.resolve({ id: ex() }),
    });
    return { status: res.status, body: (await res.json()) as Answer<T>["body"] };
  }
  async function data<T>(label: string, query: Record<string, string | number | undefined>): Promise<T> {
    const answer = await get<T>(label, query);
    if (!answer.body.ok) throw new Error(`${label} ${JSON.stringify(query)}: ${answer.status} ${answer.body.message}`);
    return answer.body.data;
  }
  const say = async (role: string, channelId: string, body: string) => {
    const sent = await live.participants.get(role)!.client.send(channelId, body);
    if (!sent.ok) throw new Error(sent.message);
  };

  /** Every message of a channel, read page by page from the end with `before`. */
  async function walk(label: string, screen: ReplayScreen, channelId: string, limit: number): Promise<EventDto[]> {
    const opening = screen.opening ? { opening: screen.opening } : {};
    let page = await data<MessagePage>(label, { part: "page", channel: channelId, limit, ...opening });
    const all = [...page.events];
    while (page.from !== 0) {
      expect(page.events).toHaveLength(limit);
      page = await data<MessagePage>(label, { part: "page", channel: channelId, limit, before: page.from, ...opening });
      all.unshift(...page.events);
    }
    return all;
  }

  /** The paged reading of a seat, put together: state, then every page of every channel. */
  async function pagedWhole(label: string, limit: number): Promise<{ screen: ReplayScreen; events: EventDto[] }> {
    const screen = await data<ReplayScreen>(label, { paged: "true", limit });
    expect(screen.complete).toBe(false);
    expect(screen.figures).toBeNull();
    const bySeq = new Map(screen.events.map((e) => [e.seq, e]));
    for (const m of screen.page?.events ?? []) bySeq.set(m.seq, m);
    for (const c of screen.channels) for (const m of await walk(label, screen, c.id, limit)) bySeq.set(m.seq, m);
    return { screen, events: [...bySeq.values()].sort((a, b) => a.seq - b.seq) };
  }

  beforeAll(async () => {
    server = await startTestServer("sqlite", { joinLimit: 1000 });
    live = await runningExercise(server, 1);
    const plenary = live.channel("plenary", "host-nation").id;
    const early = await openBackchannel(live, "host-nation", "un-mediator");
    for (let i = 0; i < 7; i++) {
      await say(live.roles[i % live.roles.length]!, plenary, `Plenary ${i}: on the record.`);
      await say(i % 2 ? "un-mediator" : "host-nation", early, `Backchannel ${i}: off the record.`);
      await say("regional-body", live.channel("team", "regional-body").id, `Team ${i}.`);
    }
    // The mediator leaves: what follows in the backchannel is outside its window.
    const left = await live.participants
      .get("un-mediator")!
      .socket.emitWithAck("backchannel:leave", { exerciseId: ex(), channelId: early, clientKey: newClientKey() });
    expect(left.ok).toBe(true);
    const late = await openBackchannel(live, "armed-opposition", "regional-body");
    for (let i = 0; i < 4; i++) {
      await say("armed-opposition", late, `Late ${i}.`);
      await say("host-nation", plenary, `Plenary after ${i}.`);
    }
  });
  afterAll(async () => server.close());

  it("gives every seat, while the exercise runs, the whole debrief's events as state plus pages", async () => {
    for (const label of seats()) {
      const whole = await data<ReplayScreen>(label, {});
      expect(whole.complete, label).toBe(true);
      for (const limit of [1, 3, 1000]) {
        const paged = await pagedWhole(label, limit);
        expect(paged.events, `${label}, pages of ${limit}`).toEqual(whole.events);
        expect(paged.screen.outline).toEqual(whole.outline);
        expect(paged.screen.annotations).toEqual(whole.annotations);
      }
    }
  });

  it("holds in a page at a moment exactly the channel's last messages by then, for any seat, moment and size", async () => {
    const wholes = new Map<string, ReplayScreen>();
    for (const label of seats()) wholes.set(label, await data<ReplayScreen>(label, {}));
    const times = [...new Set(wholes.get("facilitator")!.events.map((e) => Date.parse(e.at)))];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...seats()), fc.nat(times.length + 1), fc.integer({ min: 1, max: 12 }), async (label, t, limit) => {
        const whole = wholes.get(label)!;
        const at = t < times.length ? times[t]! : t === times.length ? times[0]! - 1000 : times.at(-1)! + 1000;
        for (const c of whole.channels) {
          const page = await data<MessagePage>(label, { part: "page", channel: c.id, at, limit });
          const want = whole.events.filter((e) => e.type === "message.sent" && e.channelId === c.id && Date.parse(e.at) <= at);
          expect(page.events, `${label} in ${c.name} at ${at}`).toEqual(want.slice(-limit));
          expect(page.from).toBe(want.length <= limit ? 0 : want.at(-limit)!.seq);
          expect(page.untilAt).toBe(at);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("refuses bad parameters with 400 invalid_payload, and an unknown channel with 404", async () => {
    const plenary = live.channel("plenary").id;
    for (const query of [
      { limit: 0 },
      { limit: 1001 },
      { limit: "ten" },
      { at: "yesterday" },
      { at: -5 },
      { before: 0 },
      { part: "page", channel: plenary, at: 5, before: 9 },
      { part: "page" },
      { part: "search" },
      { part: "everything" },
      { paged: "yes" },
      { color: "blue" },
    ]) {
      const answer = await get("facilitator", query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(answer.body).toMatchObject({ ok: false, code: "invalid_payload" });
    }
    expect((await get("participant as host-nation", { part: "page", channel: "no-such-channel" })).status).toBe(404);
    // A channel the reader may not know of is as unknown as one that does not exist.
    const team = live.channel("team", "regional-body").id;
    expect((await get("participant as host-nation", { part: "page", channel: team })).status).toBe(404);
  });

  it("audits a full view once per opening, reads its parts under it, and refuses them without one", async () => {
    const ended = await live.facilitator.socket.emitWithAck("exercise:set-status", { exerciseId: ex(), status: "ended" });
    expect(ended.ok).toBe(true);
    const host = live.participants.get("host-nation")!;
    await until(host, () => host.events.some((e) => e.type === "exercise.status" && (e.payload as { to: string }).to === "ended"));
    const audits = () => server.db.prisma.auditEntry.count({ where: { exerciseId: ex(), action: "debrief.full-view" } });
    const before = await audits();
    const whole = await data<ReplayScreen>("facilitator", {});
    expect(await audits()).toBe(before + 1);
    const paged = await pagedWhole("facilitator", 2);
    // The paged screen is one more opening; its pages are none.
    expect(await audits()).toBe(before + 2);
    expect(paged.events).toEqual(whole.events);
    expect(paged.screen.opening).toEqual(expect.any(String));

    const plenary = live.channel("plenary").id;
    expect((await get("facilitator", { part: "page", channel: plenary })).status).toBe(403);
    expect((await get("facilitator", { part: "figures" })).status).toBe(403);
    expect((await get("facilitator", { part: "page", channel: plenary, opening: "not-an-opening" })).status).toBe(403);
    // An opening of the facilitator's own view does not open a role's eyes.
    expect((await get("facilitator", { part: "page", channel: plenary, as: "host-nation", opening: paged.screen.opening! })).status).toBe(
      403,
    );
    const figures = await data<ReplayScreen["figures"]>("facilitator", { part: "figures", opening: paged.screen.opening! });
    expect(figures).toEqual(whole.figures);
    const found = await data<{ hits: { seq: number | null }[]; total: number }>("facilitator", {
      part: "search",
      q: "off the record",
      opening: paged.screen.opening!,
    });
    expect(found.total).toBe(7);
    expect(await audits()).toBe(before + 2);

    // A participant's view is no full view: no opening, nothing audited, parts read freely.
    const mine = await data<ReplayScreen>("participant as un-mediator", { paged: "true" });
    expect(mine.opening).toBeUndefined();
    const search = await data<{ hits: { seq: number | null }[]; total: number }>("participant as un-mediator", {
      part: "search",
      q: "off the record",
    });
    const seen = (await data<ReplayScreen>("participant as un-mediator", {})).events.filter(
      (e) => e.type === "message.sent" && e.payload.body.includes("off the record"),
    );
    expect(search.hits.map((h) => h.seq)).toEqual(seen.map((e) => e.seq));
    expect(await audits()).toBe(before + 2);
  });
});
