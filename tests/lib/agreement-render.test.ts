// The pending amendment and the history as the room and the console render them: proposer,
// reason and the diff against the current text, in English and French, with the text escaped.
import { describe, expect, it } from "vitest";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NextIntlClientProvider } from "next-intl";
import { agreementsFrom } from "../../lib/agreements/agreement-state";
import type { EventDto } from "../../lib/contract/events";
import { DecidedAmendments, PendingAmendment, VersionCredit, type Who } from "../../app/exercises/[id]/room/agreement-history";
import en from "../../messages/en.json";
import fr from "../../messages/fr.json";

const about = { agreementId: "agr-1", title: "Accord" };
const v1 = [
  { key: "a", title: "Cessation", text: "The parties cease fire at noon." },
  { key: "b", title: "Monitors", text: "Monitors deploy." },
];
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
/** Times are shown in the reader's own time zone, as the room shows them. */
const time = (minute: number, locale?: string) => new Date(at(minute)).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
const ev = (seq: number, actor: EventDto["actor"], body: Pick<EventDto, "type" | "payload">): EventDto =>
  ({ seq, at: at(seq), actor, channelId: "plenary", ...body }) as EventDto;
const host = { userId: "u-host", roleKey: "host" };
const regional = { userId: "u-regional", roleKey: "regional" };

const events: EventDto[] = [
  ev(1, host, {
    type: "agreement.tabled",
    payload: { ...about, version: 1, clauses: v1, status: "tabled", channelId: "plenary", tabledBy: "host" },
  }),
  ev(2, regional, {
    type: "agreement.amendment-proposed",
    payload: {
      ...about,
      amendmentId: "m1",
      baseVersion: 1,
      change: { kind: "amend", clauseKey: "a", text: "The parties cease fire at <b>midnight</b>." },
      reason: "Night is <i>quieter</i>",
    },
  }),
  ev(3, regional, {
    type: "agreement.amendment-proposed",
    payload: { ...about, amendmentId: "m2", baseVersion: 1, change: { kind: "delete", clauseKey: "b" }, reason: null },
  }),
  ev(4, host, {
    type: "agreement.amendment-decided",
    payload: { ...about, amendmentId: "m2", accepted: false, proposedBy: { roleKey: "regional", userId: "u-regional" } },
  }),
  ev(5, host, { type: "agreement.signed", payload: { ...about, version: 1, roleKey: "host" } }),
];
const agreement = agreementsFrom(events).get("agr-1")!;
const names: Record<string, string> = {
  host: "Government of Dravonia",
  regional: "Regional Body",
  "u-regional": "Ana Duarte",
  "u-host": "Boris Vell",
};
const who: Who = (roleKey, userId) => `${names[roleKey ?? ""] ?? roleKey}${userId ? ` [${names[userId]}]` : ""}`;

const render = (locale: "en" | "fr", element: ReactElement) =>
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

describe("the agreement desk's amendments as rendered", () => {
  const pending = agreement.amendments.find((m) => m.id === "m1")!;

  it("shows a pending amendment's proposer, reason and words inserted and deleted against the current text", () => {
    const html = render("en", createElement(PendingAmendment, { agreement, amendment: pending, who }));
    expect(html).toContain("Amend “Cessation”");
    expect(html).toContain(`proposed by Regional Body [Ana Duarte] at ${time(2)}`);
    expect(html).toContain("Reason: Night is &lt;i&gt;quieter&lt;/i&gt;");
    expect(html).toContain('aria-label="Changes to the current text, version 1"');
    expect(html).toMatch(/<del><span class="visually-hidden">\[removed: <\/span>noon<span class="visually-hidden"> \]<\/span><\/del>/);
    expect(html).toMatch(/<ins><span class="visually-hidden">\[added: <\/span>&lt;b&gt;midnight&lt;\/b&gt;/);
    expect(html).not.toContain("<b>");
  });

  it("offers its buttons described by the amendment, and disables accepting one that no longer applies", () => {
    const actions = (describedBy: string, stale: boolean) =>
      createElement("button", { "aria-describedby": describedBy, disabled: stale }, "Accept");
    const html = render(
      "en",
      createElement(PendingAmendment, { agreement: { ...agreement, clauses: [v1[1]!] }, amendment: pending, who, actions }),
    );
    const id = /<p id="([^"]+)" class="amendment-summary"/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toContain(`<button aria-describedby="${id}" disabled="">Accept</button>`);
    expect(html).toContain("is no longer in version 1");
  });

  it("keeps a rejected amendment's proposer and decider in the history, and who signed a version", () => {
    const history = render(
      "en",
      createElement(DecidedAmendments, { agreement, amendments: agreement.amendments.filter((m) => m.status !== "pending"), who }),
    );
    expect(history).toContain("rejected</span> Delete “Monitors”, proposed by Regional Body [Ana Duarte]");
    expect(history).toContain(`rejected by Government of Dravonia at ${time(4)}`);
    const version = render("en", createElement(VersionCredit, { agreement, version: agreement.versions[0]!, who }));
    expect(version).toContain("Signed by Government of Dravonia [Boris Vell]");
  });

  it("says it all in French", () => {
    const html = render("fr", createElement(PendingAmendment, { agreement, amendment: pending, who }));
    expect(html).toContain("Modifier « Cessation »");
    expect(html).toContain(`proposé par Regional Body [Ana Duarte] à ${time(2, "fr-FR")}`);
    expect(html).toContain("[supprimé : ");
    const history = render(
      "fr",
      createElement(DecidedAmendments, { agreement, amendments: agreement.amendments.filter((m) => m.status !== "pending"), who }),
    );
    expect(history).toContain(`rejeté par Government of Dravonia à ${time(4, "fr-FR")}`);
  });
});
