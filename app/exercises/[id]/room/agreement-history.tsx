"use client";

// Who proposed, decided and signed what, for the room's agreement panel and the console's
// mirror: a pending amendment with its proposer, reason and diff against the current text;
// decided amendments with the same; each version with its author and its signatures.
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useId, useMemo, type ReactNode } from "react";
import { dateLocale } from "@/i18n/locales";
import type { AgreementView, AmendmentView, VersionView } from "@/lib/agreements/agreement-state";
import { previewAmendment } from "@/lib/agreements/amendment-preview";
import type { RosterDto } from "@/lib/contract/events";
import { describeChange } from "./describe-change";
import { AmendmentPreviewView } from "./agreement-diff-view";

/** A role, with the person's name when the roster has it: "Regional body (Ana Duarte)". */
export type Who = (roleKey?: string | null, userId?: string) => string;

export function useWho(roleName: (key?: string) => string, roster: RosterDto | null): Who {
  const t = useTranslations("agreement");
  const names = useMemo(() => new Map((roster?.people ?? []).map((p) => [p.userId, p.displayName])), [roster]);
  return useCallback(
    (roleKey, userId) => {
      const role = roleName(roleKey ?? undefined);
      const person = userId ? names.get(userId) : undefined;
      return person ? t("rolePerson", { role, person }) : role;
    },
    [names, roleName, t],
  );
}

export function useShortTime(): (iso: string) => string {
  const locale = useLocale();
  return useCallback((iso) => new Date(iso).toLocaleTimeString(dateLocale(locale), { hour: "2-digit", minute: "2-digit" }), [locale]);
}

/** The clauses an amendment was proposed on, where the clauses it names are found. */
const baseClauses = (a: AgreementView, m: AmendmentView) => a.versions.find((v) => v.number === m.baseVersion)?.clauses ?? a.clauses;

/** A pending amendment, as the deciding role reads it before choosing; `actions` are its buttons, described by its summary. */
export function PendingAmendment({
  agreement: a,
  amendment: m,
  who,
  actions,
}: {
  agreement: AgreementView;
  amendment: AmendmentView;
  who: Who;
  actions?: (describedBy: string, stale: boolean) => ReactNode;
}) {
  const t = useTranslations("agreement");
  const time = useShortTime();
  const preview = useMemo(() => previewAmendment(a.clauses, m.change), [a.clauses, m.change]);
  const summaryId = useId();
  return (
    <li className="amendment">
      <p id={summaryId} className="amendment-summary">
        <strong>{describeChange(m.change, baseClauses(a, m), t)}</strong>
        <span className="meta"> · {t("proposedBy", { who: who(m.roleKey, m.userId), time: time(m.proposedAt) })}</span>
      </p>
      <p className="amendment-reason" dir="auto">
        {m.reason ? t("reasonGiven", { reason: m.reason }) : <span className="meta">{t("noReason")}</span>}
      </p>
      {m.baseVersion !== a.version && <p className="meta">{t("proposedOnEarlier", { base: m.baseVersion, version: a.version })}</p>}
      <AmendmentPreviewView preview={preview} version={a.version} />
      {actions && <p className="amendment-actions">{actions(summaryId, preview.kind === "stale")}</p>}
    </li>
  );
}

/** Accepted and rejected amendments, the latest decision first, each with its proposer and reason. */
export function DecidedAmendments({
  agreement: a,
  amendments,
  who,
}: {
  agreement: AgreementView;
  amendments: readonly AmendmentView[];
  who: Who;
}) {
  const t = useTranslations("agreement");
  const time = useShortTime();
  return (
    <ul className="amendment-history">
      {amendments.map((m) => (
        <li key={m.id} className={`is-${m.status}`}>
          <span className={`badge badge-amendment-${m.status}`}>
            {m.status === "accepted" ? (m.version ? t("acceptedAs", { version: m.version }) : t("accepted")) : t("rejected")}
          </span>{" "}
          {t("historyLine", { who: who(m.roleKey, m.userId), change: describeChange(m.change, baseClauses(a, m), t) })}
          {m.reason && <em dir="auto"> — {m.reason}</em>}
          {m.decidedBy && m.decidedAt && (
            <span className="meta">
              {" "}
              · {t(m.status === "accepted" ? "acceptedBy" : "rejectedBy", { role: who(m.decidedBy), time: time(m.decidedAt) })}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** One version's line: who wrote it (the proposer, for an accepted amendment), who accepted it, why, and who signed it. */
export function VersionCredit({
  agreement: a,
  version: v,
  who,
  children,
}: {
  agreement: AgreementView;
  version: VersionView;
  who: Who;
  children?: ReactNode;
}) {
  const t = useTranslations("agreement");
  const time = useShortTime();
  const signed = a.signatures.filter((s) => s.version === v.number);
  return (
    <>
      {t("versionLine", { number: v.number, role: who(v.roleKey, v.userId), time: time(v.at) })}
      {v.decidedBy && v.decidedBy !== v.roleKey && <span className="meta"> · {t("versionAcceptedBy", { role: who(v.decidedBy) })}</span>}
      {v.reason && <em dir="auto"> — {v.reason}</em>} {children}
      {signed.length > 0 && (
        <span className="version-signatures">
          {t("signedBy", { version: v.number, names: signed.map((s) => who(s.roleKey, s.userId)).join(", ") })}
        </span>
      )}
    </>
  );
}
