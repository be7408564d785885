// An event of the log in words, for evidence and contributions: what the person did, and
// the text it carried (shown as text, never as markup).
import type { EventDto } from "@/lib/contract/events";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface EvidenceText {
  what: string;
  quote?: string;
}

export function evidenceText(e: EventDto, t: Translate): EvidenceText {
  switch (e.type) {
    case "message.sent":
      return { what: t("event.message", { role: e.payload.roleName, name: e.payload.authorName }), quote: e.payload.body };
    case "backchannel.requested":
    case "backchannel.convened":
      return { what: t("event.backchannel", { title: e.payload.title }) };
    case "agreement.created":
      return { what: t("event.drafted", { title: e.payload.title, version: e.payload.version }) };
    case "agreement.version":
      return {
        what: t("event.version", { title: e.payload.title, version: e.payload.version }),
        ...(e.payload.reason ? { quote: e.payload.reason } : {}),
      };
    case "agreement.tabled":
      return { what: t("event.tabled", { title: e.payload.title, version: e.payload.version }) };
    case "agreement.amendment-proposed":
      return { what: t("event.amendment", { title: e.payload.title }), ...(e.payload.reason ? { quote: e.payload.reason } : {}) };
    case "agreement.signed":
      return { what: t("event.signed", { title: e.payload.title, version: e.payload.version }) };
    case "agreement.vote-opened":
      return {
        what: e.payload.clauseTitle
          ? t("event.voteCalledClause", { title: e.payload.title, clause: e.payload.clauseTitle })
          : t("event.voteCalled", { title: e.payload.title }),
      };
    case "agreement.vote-cast":
      // A secret ballot's choice never left the server: the evidence is that the delegation voted.
      return {
        what: e.payload.choice
          ? t("event.votedChoice", { title: e.payload.title, choice: t(`event.choice.${e.payload.choice}`) })
          : t("event.voted", { title: e.payload.title }),
      };
    case "inject.released":
      return { what: t("event.inject", { title: e.payload.title }), quote: e.payload.text };
    case "announcement.sent":
      return { what: t("event.announcement"), quote: e.payload.body };
    default:
      return { what: t("event.other") };
  }
}

/** A time with its zone named, so a printed page says which clock it means. */
export function timeWithZone(iso: string, locale: string | undefined): string {
  // dateStyle and timeStyle cannot be combined with timeZoneName: the fields are named one by one.
  return new Date(iso).toLocaleString(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
}
