// What the debrief page holds, and every way it changes: one reducer, so the page's state
// can be followed by name (the actions say what happened, not which field to set).
import { addPage, NO_PAGES, type LoadedPages } from "@/lib/replay/message-pages";
import type { MessagePage } from "@/lib/replay/replay-query";
import type { DebriefFigures } from "@/server/domain/debrief-figures";
import type { ReplayScreen } from "@/server/debrief/replay.service";

export interface DebriefState {
  /** The role whose view is replayed ("" is everything, staff only). */
  perspective: string;
  /** The perspective of the screen last loaded: another one starts from scratch, the same one is a refresh. */
  screenFor: string | null;
  screen: ReplayScreen | null;
  /** The last moment of the screen last loaded (Infinity when it has none). */
  screenEnd: number;
  /** A paged debrief: the pages of messages held. */
  pages: LoadedPages;
  /** Asked for after the screen on a paged debrief; why they could not be computed. */
  figures: DebriefFigures | null;
  figuresError: string;
  /** What loading a page says, and whether one is being read. */
  pageStatus: string;
  pageLoading: boolean;
  error: string;
  /** Epoch ms shown; Infinity is "at the end", which follows new events as they arrive. */
  shownAt: number;
  channelId: string;
  /** The message a search or a flagged moment brought into view. */
  found: number | null;
  /** The event list restricted to flagged moments. */
  importantOnly: boolean;
  /** What the page's live region says. */
  announcement: string;
  /** Counts the refreshes asked for (a note, a flag, a live event): each one reads the screen again. */
  reload: number;
}

export type DebriefAction =
  | { type: "perspective.chosen"; perspective: string }
  | { type: "screen.loaded"; screen: ReplayScreen; perspective: string; fresh: boolean }
  | { type: "figures.loaded"; figures: DebriefFigures }
  | { type: "figures.failed"; message: string }
  | { type: "page.asked"; status: string }
  /** `forScreen`: a page read for another screen (another perspective, a refresh) is not this one's. */
  | { type: "page.failed"; forScreen: ReplayScreen; status: string }
  | { type: "page.loaded"; forScreen: ReplayScreen; page: MessagePage; before: number | undefined; status: string | null }
  | { type: "moment.shown"; at: number }
  | { type: "channel.chosen"; channelId: string }
  /** A search hit or a flagged moment: its channel (when it has one) and its message shown. */
  | { type: "found"; channelId: string | undefined; seq: number | null }
  | { type: "key-moment.shown"; channelId: string | undefined; seq: number | null; at: number }
  | { type: "important-only.set"; on: boolean; announcement: string }
  | { type: "announced"; text: string }
  | { type: "refresh.asked" }
  | { type: "failed"; message: string };

export const initialDebriefState: DebriefState = {
  perspective: "",
  screenFor: null,
  screen: null,
  screenEnd: Infinity,
  pages: NO_PAGES,
  figures: null,
  figuresError: "",
  pageStatus: "",
  pageLoading: false,
  error: "",
  shownAt: Infinity,
  channelId: "",
  found: null,
  importantOnly: false,
  announcement: "",
  reload: 0,
};

export function debriefReducer(state: DebriefState, action: DebriefAction): DebriefState {
  switch (action.type) {
    case "perspective.chosen":
      // Another perspective shows nothing until its own screen arrives.
      return { ...state, perspective: action.perspective, screen: action.perspective === state.screenFor ? state.screen : null };
    case "screen.loaded": {
      const { screen, fresh } = action;
      return {
        ...state,
        screen,
        screenFor: action.perspective,
        screenEnd: endOf(screen),
        pages: screen.page ? addPage(NO_PAGES, screen.page) : NO_PAGES,
        figures: screen.figures,
        figuresError: "",
        // At the end of the timeline, stay at the end as events arrive; elsewhere, stay put.
        shownAt: fresh || state.shownAt >= state.screenEnd ? Infinity : state.shownAt,
      };
    }
    case "figures.loaded":
      return { ...state, figures: action.figures };
    case "figures.failed":
      return { ...state, figuresError: action.message };
    case "page.asked":
      return { ...state, pageLoading: true, pageStatus: action.status };
    case "page.failed":
      return action.forScreen === state.screen ? { ...state, pageLoading: false, pageStatus: action.status } : state;
    case "page.loaded":
      if (action.forScreen !== state.screen) return state;
      return {
        ...state,
        pageLoading: false,
        pages: addPage(state.pages, action.page, action.before),
        pageStatus: action.status ?? state.pageStatus,
      };
    case "moment.shown":
      return { ...state, shownAt: action.at };
    case "channel.chosen":
      return { ...state, channelId: action.channelId };
    case "found":
      return { ...state, channelId: action.channelId || state.channelId, found: action.seq };
    case "key-moment.shown":
      return { ...state, channelId: action.channelId || state.channelId, found: action.seq, importantOnly: false, shownAt: action.at };
    case "important-only.set":
      return { ...state, importantOnly: action.on, announcement: action.announcement };
    case "announced":
      return { ...state, announcement: action.text };
    case "refresh.asked":
      return { ...state, reload: state.reload + 1 };
    case "failed":
      return { ...state, error: action.message };
  }
}

/** A screen's last moment: its last event's, or a paged screen's outline's. */
function endOf(screen: ReplayScreen): number {
  const last = screen.complete ? Date.parse(screen.events.at(-1)?.at ?? "") : (screen.outline.last ?? NaN);
  return last || Infinity;
}
