"use client";

// What happens in the room while a person negotiates is told to them as it happens: a
// phase change, an extension, a pause or resumption (with its reason), the end, an
// invitation to a backchannel, an inject, an announcement, a vote called and its result. Each live event is noticed
// once (toast and live region); a catch-up of old events after a reload is not news, and
// nobody is told of what they did themselves.
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import type { EventDto } from "@/lib/contract/events";
import { useNotices, type NoticeTone } from "@/app/components/notices";
import type { LiveExercise } from "./use-exercise";

/** Events older than this (by the server's clock) when they arrive are history, not news. */
const NEWS_MS = 60_000;

const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function useRoomNotices(
  live: LiveExercise,
  options: { myRole?: string; roleName: (key: string) => string; announcementsId?: string },
) {
  const t = useTranslations("room");
  const { notify } = useNotices();
  const seen = useRef(0);
  const { events, joined, offset } = live;
  const me = joined?.you.userId;

  useEffect(() => {
    const now = Date.now() + offset;
    for (const e of events) {
      if (e.seq <= seen.current) continue;
      seen.current = e.seq;
      if (now - new Date(e.at).getTime() > NEWS_MS || (me && e.actor.userId === me)) continue;
      const notice = describe(e);
      if (notice) notify(notice);
    }
    function describe(e: EventDto): { title: string; body?: string; tone: NoticeTone } | null {
      switch (e.type) {
        case "exercise.phase":
          return { title: t("notice.phase", { phase: e.payload.title ?? String(e.payload.to + 1) }), tone: "info" };
        case "exercise.extended":
          return { title: t("notice.extended", { minutes: e.payload.minutes }), tone: "info" };
        case "exercise.status":
          if (e.payload.to === "paused")
            return { title: t("notice.paused"), ...(e.payload.reason ? { body: e.payload.reason } : {}), tone: "warning" };
          if (e.payload.to === "running")
            return {
              title: e.payload.from === "paused" ? t("notice.resumed") : t("notice.started"),
              ...(e.payload.reason ? { body: e.payload.reason } : {}),
              tone: "success",
            };
          if (e.payload.to === "ended") return { title: t("notice.ended"), body: t("notice.endedBody"), tone: "info" };
          return null;
        case "backchannel.requested":
        case "backchannel.convened":
          if (!options.myRole || !e.payload.roles.includes(options.myRole) || e.payload.requestedBy === options.myRole) return null;
          return {
            title:
              e.type === "backchannel.convened"
                ? t("notice.convened", { role: options.roleName(e.payload.requestedBy) })
                : t("notice.invited", { role: options.roleName(e.payload.requestedBy) }),
            body: e.payload.title,
            tone: "info",
          };
        case "inject.released":
          return { title: t("notice.inject", { title: e.payload.title }), body: clip(e.payload.text), tone: "warning" };
        case "announcement.sent":
          return { title: t("notice.announcement"), body: clip(e.payload.body), tone: "info" };
        case "agreement.vote-opened":
          if (!options.myRole || !e.payload.electorate.includes(options.myRole)) return null;
          return {
            title: e.payload.clauseTitle
              ? t("notice.voteOnClause", { title: e.payload.clauseTitle })
              : t("notice.voteOnText", { title: e.payload.title }),
            body: t("notice.voteHow"),
            tone: "info",
          };
        case "agreement.vote-closed":
          return { title: t("notice.voteClosed", { title: e.payload.title }), body: t("notice.voteTally", e.payload.tally), tone: "info" };
        case "message.sent":
          return e.channelId && e.channelId === options.announcementsId
            ? { title: t("notice.announcement"), body: clip(e.payload.body), tone: "info" }
            : null;
        default:
          return null;
      }
    }
  }, [events, offset, me, notify, t, options]);
}
