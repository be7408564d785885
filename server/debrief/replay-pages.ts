// The debrief as the route serves it. A reader who may see at most WHOLE_UP_TO messages
// gets the whole replay at once, as always. A bigger debrief comes in parts, so its first
// screen never waits for the whole log: the state (every event but messages: few even in a
// huge log), an outline of the talk for the slider and tracks, and one page of messages;
// then pages at other moments, the figures and searches, each on request. Every part is
// cut by `canSee` for the viewer `viewOf` decided, the one rule; a full view is audited
// once, when its screen is opened, and its parts are read under that opening.
import type { EventDto } from "../../lib/contract/events";
import { searchReplay, type SearchHit } from "../../lib/replay/replay-search";
import { SEARCH_MAX, WHOLE_UP_TO, type MessagePage, type ReplayQuery, type SearchAnswer } from "../../lib/replay/replay-query";
import type { Actor } from "../domain/authorization";
import type { DebriefFigures } from "../domain/debrief-figures";
import type { ExerciseLogRepository, EventHead } from "../storage/exercise-log.repository";
import type { AnnotationService } from "./annotations.service";
import { choosePage, outlineOf } from "./log-outline";
import { replayFrame, type DebriefView, type ReplayScreen } from "./replay-view";
import { fail, type Result } from "../../lib/contract/result";

type Purpose = "debrief" | "part";

interface PagesDeps {
  log: ExerciseLogRepository;
  notes: Pick<AnnotationService, "readableBy">;
  viewOf(
    actor: Actor,
    exerciseId: string,
    asRole: string | undefined,
    purpose: Purpose,
    opening?: string,
  ): Promise<DebriefView | null | "not_opened">;
  readAll(view: DebriefView): Promise<EventDto[]>;
  /** The reader's figures; `events` when already read, else read only if the figures are not known. */
  figuresFor(view: DebriefView, roles: readonly string[], events?: readonly EventDto[]): Promise<DebriefFigures>;
}

const notFound = fail<never>("not_found", "No such exercise");

export function createReplayPages({ log, notes, viewOf, readAll, figuresFor }: PagesDeps) {
  const position = (view: DebriefView) => ({ lastSeq: view.exercise.lastSeq, revision: view.exercise.logRevision });

  /** The view for a part: under an opening when it is a full view (none or a stale one: refused). */
  async function partView(actor: Actor, exerciseId: string, query: ReplayQuery): Promise<Result<DebriefView>> {
    const view = await viewOf(actor, exerciseId, query.as, "part", query.opening);
    if (view === "not_opened") return fail("forbidden", "A full view's parts are read under its opening: open the debrief again");
    return view ? { ok: true, data: view } : notFound;
  }

  /** The events with these numbers, read with their payloads, each checked again with the rule. */
  async function eventsAt(view: DebriefView, seqs: readonly number[]): Promise<EventDto[]> {
    if (seqs.length === 0) return [];
    return log.visible.eventsAt(view.exercise.id, seqs, view.viewer, view.exercise.lastSeq);
  }

  async function pageOf(
    view: DebriefView,
    visible: readonly EventHead[],
    channelId: string,
    query: Pick<ReplayQuery, "at" | "before" | "limit">,
  ): Promise<MessagePage> {
    const where = {
      limit: query.limit,
      ...(query.at !== undefined ? { at: query.at } : {}),
      ...(query.before !== undefined ? { before: query.before } : {}),
    };
    const chosen = choosePage(visible, channelId, where);
    return { channelId, events: await eventsAt(view, chosen.seqs), from: chosen.from, untilAt: chosen.untilAt };
  }

  return {
    /** The first answer: whole when small (or not `paged`), else state, outline and a page. */
    async screen(actor: Actor, exerciseId: string, query: ReplayQuery): Promise<Result<ReplayScreen>> {
      const view = await viewOf(actor, exerciseId, query.as, "debrief");
      if (!view || view === "not_opened") return notFound;
      if (query.channel !== undefined && !view.channels.some((c) => c.id === query.channel)) return notFound;
      const visible = await log.visible.heads(exerciseId, view.viewer, position(view));
      const annotations = await notes.readableBy(exerciseId, view.perspective, new Set(visible.map((h) => h.seq)));
      const frame = replayFrame(view);
      const outline = outlineOf(
        visible,
        view.channels.map((c) => c.id),
      );
      const opening = view.opening ? { opening: view.opening } : {};
      if (!query.paged && outline.messages <= WHOLE_UP_TO) {
        const events = await readAll(view);
        const figures = await figuresFor(
          view,
          frame.roles.map((r) => r.key),
          events,
        );
        return { ok: true, data: { ...frame, events, annotations, figures, complete: true, outline, page: null, ...opening } };
      }
      // The state (every event but messages, chosen from the heads and read by number: no
      // scan of the log), and the messages key moments and notes point at: each
      // backchannel's first, and every pinned one.
      const wanted = new Set(annotations.flatMap((a) => (a.targetSeq !== null ? [a.targetSeq] : [])));
      for (const h of visible) if (h.type !== "message.sent") wanted.add(h.seq);
      const backchannels = new Set(view.channels.filter((c) => c.kind === "backchannel").map((c) => c.id));
      for (const h of visible) {
        if (h.type !== "message.sent" || h.visibility.kind !== "channel" || !backchannels.has(h.visibility.channelId)) continue;
        backchannels.delete(h.visibility.channelId);
        wanted.add(h.seq);
      }
      const events = await eventsAt(
        view,
        [...wanted].sort((a, b) => a - b),
      );
      const shown =
        query.channel ?? view.channels.find((c) => c.kind === "plenary")?.id ?? outline.channels[0]?.channelId ?? view.channels[0]?.id;
      const channel = view.channels.find((c) => c.id === shown);
      const page = shown && channel ? await pageOf(view, visible, shown, query) : null;
      return { ok: true, data: { ...frame, events, annotations, figures: null, complete: false, outline, page, ...opening } };
    },

    /** Messages of one channel at a moment (`at`), before a message (`before`), or at the end. */
    async page(actor: Actor, exerciseId: string, query: ReplayQuery): Promise<Result<MessagePage>> {
      const view = await partView(actor, exerciseId, query);
      if (!view.ok) return view;
      const channelId = query.channel ?? "";
      if (!view.data.channels.some((c) => c.id === channelId)) return notFound;
      const visible = await log.visible.heads(exerciseId, view.data.viewer, position(view.data));
      return { ok: true, data: await pageOf(view.data, visible, channelId, query) };
    },

    /** The figures, over every event the reader may see (the whole log is read for them). */
    async figures(actor: Actor, exerciseId: string, query: ReplayQuery): Promise<Result<DebriefFigures>> {
      const view = await partView(actor, exerciseId, query);
      if (!view.ok) return view;
      return {
        ok: true,
        data: await figuresFor(
          view.data,
          view.data.scenario.roles.map((r) => r.key),
        ),
      };
    },

    /** The debrief's search (the one the page runs over a whole debrief), over every event the reader may see. */
    async search(actor: Actor, exerciseId: string, query: ReplayQuery): Promise<Result<SearchAnswer<SearchHit>>> {
      const view = await partView(actor, exerciseId, query);
      if (!view.ok) return view;
      const events = await readAll(view.data);
      const annotations = await notes.readableBy(exerciseId, view.data.perspective, new Set(events.map((e) => e.seq)));
      const announcementsChannel = view.data.channels.find((c) => c.kind === "announcements")?.id;
      const hits = searchReplay(events, query.q ?? "", { annotations, ...(announcementsChannel ? { announcementsChannel } : {}) });
      return { ok: true, data: { hits: hits.slice(0, SEARCH_MAX), total: hits.length } };
    },
  };
}
