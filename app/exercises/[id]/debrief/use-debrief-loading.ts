"use client";
// How the debrief reads its screen, its figures and its pages of messages from the replay API.
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useEffectEvent, type Dispatch } from "react";
import { callApi } from "@/lib/client/api";
import type { MessagePage } from "@/lib/replay/replay-query";
import type { DebriefFigures } from "@/server/domain/debrief-figures";
import type { ReplayScreen } from "@/server/debrief/replay.service";
import { useServerText } from "@/app/components/use-server-text";
import type { DebriefAction, DebriefState } from "./debrief-state";

export type ReplayUrl = (params: Record<string, string | number | undefined>, opening?: string) => string;

/** The replay API's address for this exercise, as the perspective shown sees it. */
export function useReplayUrl(exerciseId: string, perspective: string): ReplayUrl {
  return useCallback(
    (params, opening) => {
      const query = new URLSearchParams();
      if (perspective) query.set("as", perspective);
      if (opening) query.set("opening", opening);
      for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v));
      const text = query.toString();
      return `/api/exercises/${exerciseId}/replay${text ? `?${text}` : ""}`;
    },
    [exerciseId, perspective],
  );
}

/**
 * Reads the screen again when the exercise, the perspective or a refresh asks for it. A
 * refresh asks for the moment and channel shown then (`shownChannel`), without reading
 * again when they change; a paged debrief's figures follow its first screen.
 */
export function useScreenLoading(
  exerciseId: string,
  state: DebriefState,
  shownChannel: string,
  replayUrl: ReplayUrl,
  dispatch: Dispatch<DebriefAction>,
) {
  const t = useTranslations("debrief");
  const serverText = useServerText();
  const load = useEffectEvent(async (cancelled: () => boolean) => {
    const { perspective, shownAt: at } = state;
    // A new perspective starts from scratch; a refresh (a note, a live event) keeps the view.
    const fresh = state.screenFor !== perspective;
    const url = replayUrl(
      fresh ? {} : { ...(Number.isFinite(at) ? { at: Math.floor(at) } : {}), ...(shownChannel ? { channel: shownChannel } : {}) },
    );
    const result = await callApi<ReplayScreen>(url);
    if (cancelled()) return;
    if (!result.ok) return dispatch({ type: "failed", message: serverText(result.message) });
    dispatch({ type: "screen.loaded", screen: result.data, perspective, fresh });
    // A paged debrief's figures are computed over its whole log: they follow the first screen.
    if (result.data.figures !== null) return;
    const computed = await callApi<DebriefFigures>(replayUrl({ part: "figures" }, result.data.opening));
    if (cancelled()) return;
    if (computed.ok) dispatch({ type: "figures.loaded", figures: computed.data });
    else dispatch({ type: "figures.failed", message: t("figuresFailed", { reason: serverText(computed.message) }) });
  });
  const { perspective, reload } = state;
  useEffect(() => {
    let cancelled = false;
    void load(() => cancelled);
    return () => {
      cancelled = true;
    };
  }, [exerciseId, perspective, reload]);
}

export type LoadPage = (
  channel: { id: string; name: string },
  where: { at?: number; before?: number },
  isCurrent: () => boolean,
) => Promise<void>;

/**
 * Reads a page of a channel's messages for a paged debrief, and asks for the one that
 * covers the moment shown when the channel shown has none there (`missing`).
 */
export function usePageLoading(
  screen: ReplayScreen | null,
  channels: readonly { id: string; name: string }[],
  missing: string | undefined,
  shownAt: number,
  replayUrl: ReplayUrl,
  dispatch: Dispatch<DebriefAction>,
): LoadPage {
  const t = useTranslations("debrief");
  const serverText = useServerText();
  const loadPage = useCallback<LoadPage>(
    async (channel, where, isCurrent) => {
      if (!screen) return;
      dispatch({ type: "page.asked", status: t("page.loading", { name: channel.name }) });
      const result = await callApi<MessagePage>(replayUrl({ part: "page", channel: channel.id, ...where }, screen.opening));
      if (!result.ok)
        return dispatch({ type: "page.failed", forScreen: screen, status: t("page.failed", { reason: serverText(result.message) }) });
      // Said only for the moment still shown: scrubbing on should not hear every page it passed.
      const status = isCurrent() ? t("page.loaded", { count: result.data.events.length, name: channel.name }) : null;
      dispatch({ type: "page.loaded", forScreen: screen, page: result.data, before: where.before, status });
    },
    [screen, replayUrl, serverText, t, dispatch],
  );
  useEffect(() => {
    const channel = channels.find((c) => c.id === missing);
    if (!channel) return;
    let current = true;
    // Scrubbing moves through many moments: ask for the one it stops at.
    const timer = setTimeout(() => void loadPage(channel, Number.isFinite(shownAt) ? { at: Math.floor(shownAt) } : {}, () => current), 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [missing, shownAt, channels, loadPage]);
  return loadPage;
}
