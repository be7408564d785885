"use client";

import { useLocale, useTranslations } from "next-intl";
import { dateLocale } from "@/i18n/locales";
import type { EventDto } from "@/lib/contract/events";
import type { KeyMoment } from "@/lib/replay/key-moments";
import type { ReplayScreen } from "@/server/debrief/replay.service";

/** Long texts are cut to this many characters in a moment's name. */
const SHORT = 70;
const short = (text: string) => {
  // One line, without a closing full stop: the name is often followed by ", at 10:02".
  const line = text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(?<!\.)\.$/, "");
  return line.length > SHORT ? `${line.slice(0, SHORT - 1).trimEnd()}…` : line;
};

/** The timeline's words for moments and events, in the viewer's language. */
export function useTimelineLabels(data: ReplayScreen) {
  const t = useTranslations("debrief");
  const room = useTranslations("room");
  const locale = useLocale();
  const roleName = (key: string) => data.roles.find((r) => r.key === key)?.name ?? key;
  const channelName = (id?: string) => data.channels.find((c) => c.id === id)?.name ?? "";
  const clock = (time: number) => new Date(time).toLocaleTimeString(dateLocale(locale));

  /** What happened at an event, in a few words (a flag's label when the flag has no text). */
  function summary(e: EventDto): string {
    if (e.type === "message.sent") return t("flag.said", { role: e.payload.roleName, body: short(e.payload.body) });
    if (e.type === "announcement.sent") return t("flag.announced", { body: short(e.payload.body) });
    return named(e) || t("lastEvent.other", { seq: e.seq });
  }

  function moment(m: KeyMoment): string {
    if (m.flag) return t("keyMoment.flagged", { label: m.flag.body ? short(m.flag.body) : summary(m.event) });
    return named(m.event, m.first);
  }

  /** An event's name as a key moment; "" for an event that is none. */
  function named(e: EventDto, first?: boolean): string {
    switch (e.type) {
      case "exercise.phase":
        return t("marker.phase", { title: e.payload.title ?? data.phases[e.payload.to]?.title ?? "" });
      case "exercise.status":
        return t("marker.status", { status: room(`status.${e.payload.to}`) });
      case "inject.released":
        return t("marker.inject", { title: e.payload.title });
      case "agreement.created":
        return t("keyMoment.drafted", { title: e.payload.title });
      case "agreement.version":
        return t("keyMoment.version", { title: e.payload.title, version: e.payload.version });
      case "agreement.tabled":
        return t("keyMoment.tabled", { title: e.payload.title, version: e.payload.version });
      case "agreement.signed":
        return first
          ? t("keyMoment.firstSignature", { role: roleName(e.payload.roleKey), title: e.payload.title })
          : t("keyMoment.signed", { role: roleName(e.payload.roleKey), title: e.payload.title, version: e.payload.version });
      case "agreement.vote-closed":
        return t("keyMoment.vote", { title: e.payload.title, ...e.payload.tally });
      case "backchannel.requested":
      case "backchannel.convened":
        return t("keyMoment.firstBackchannel", { name: channelName(e.payload.channelId) || e.payload.title });
      case "message.sent":
        return t("keyMoment.firstBackchannel", { name: channelName(e.channelId) });
      default:
        return "";
    }
  }

  /** The last event shown, for the slider's value text. */
  function lastEvent(e: EventDto | undefined, momentOf: (e: EventDto) => KeyMoment | undefined): string {
    if (!e) return t("lastEvent.none");
    const m = momentOf(e);
    if (m) return moment(m);
    if (e.type === "message.sent") return t("lastEvent.message", { role: e.payload.roleName, channel: channelName(e.channelId) });
    if (e.type === "announcement.sent") return t("lastEvent.announcement");
    return t("lastEvent.other", { seq: e.seq });
  }

  return { moment, summary, lastEvent, clock, channelName, roleName };
}
