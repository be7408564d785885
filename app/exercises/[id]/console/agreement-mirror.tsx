"use client";

// The agreement as the room has it, read-only: every draft the console may see (drafts in a
// backchannel appear once the facilitator opens it), rebuilt from the same events as the
// room's panel (lib/agreements/agreement-state.ts).
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { agreementsFrom, decidedAmendments, type AgreementView } from "@/lib/agreements/agreement-state";
import { useChannelLabel } from "../room/channel-list";
import { DecidedAmendments, PendingAmendment, VersionCredit, useWho } from "../room/agreement-history";
import { AgreementVotes } from "../room/agreement-votes";
import { ClauseThread, threadsOf } from "../room/clause-thread";
import type { Live, RoleName } from "./console-types";

export function AgreementMirror({ live, signatories, roleName }: { live: Live; signatories: string[]; roleName: RoleName }) {
  const t = useTranslations("console.agreement");
  const agreements = useMemo(() => [...agreementsFrom(live.events).values()], [live.events]);
  return (
    <section id="console-agreement" className="console-section" aria-labelledby="console-agreement-heading">
      <h2 id="console-agreement-heading" className="console-heading">
        {t("heading")}
      </h2>
      <p className="meta">{t("scope")}</p>
      {agreements.length === 0 ? (
        <p className="empty">{t("none")}</p>
      ) : (
        agreements.map((a) => <MirroredAgreement key={a.id} agreement={a} live={live} signatories={signatories} roleName={roleName} />)
      )}
    </section>
  );
}

function MirroredAgreement({
  agreement: a,
  live,
  signatories,
  roleName,
}: {
  agreement: AgreementView;
  live: Live;
  signatories: string[];
  roleName: RoleName;
}) {
  const t = useTranslations("console.agreement");
  const tAgreement = useTranslations("agreement");
  const headingId = `agreement-${a.id}`;
  const channelLabel = useChannelLabel(roleName);
  const found = live.channels.find((c) => c.id === a.channelId);
  const channel = found ? channelLabel(found) : undefined;
  const pending = a.amendments.filter((m) => m.status === "pending");
  const signedVersions = (role: string) => a.signatures.filter((s) => s.roleKey === role).map((s) => s.version);
  const signedNow = signatories.filter((role) => signedVersions(role).includes(a.version)).length;
  const decided = decidedAmendments(a);
  const who = useWho(roleName, live.roster);
  const threads = useMemo(() => threadsOf(live.events, a.id), [live.events, a.id]);

  return (
    <article className="mirror-agreement" aria-labelledby={headingId}>
      <h3 id={headingId} className="mirror-title" dir="auto">
        {a.title} <span className={`badge badge-agreement-${a.status}`}>{t(`status.${a.status}`)}</span>
      </h3>
      <p className="meta">
        {t("facts", { version: a.version, channel: channel ?? "—", pending: pending.length })}
        {a.tabledBy && ` · ${t("tabledBy", { role: roleName(a.tabledBy) })}`}
      </p>

      <h4 className="mirror-subheading">{t("signatures", { signed: signedNow, total: signatories.length })}</h4>
      <ul className="mirror-signatures">
        {signatories.map((role) => {
          const versions = signedVersions(role);
          const current = versions.includes(a.version);
          const state = current
            ? t("signedThis", { version: a.version })
            : versions.length > 0
              ? t("signedEarlier", { versions: versions.join(", v") })
              : t("notSigned");
          return (
            <li key={role} className={current ? "is-signed" : undefined}>
              <span aria-hidden="true">{current ? "✓" : "○"}</span> {t("signatureLine", { role: roleName(role), state })}
            </li>
          );
        })}
      </ul>

      <h4 className="mirror-subheading">{t("clauses", { count: a.clauses.length })}</h4>
      <ol className="mirror-clauses">
        {a.clauses.map((clause) => (
          <li key={clause.key}>
            <strong dir="auto">{clause.title}</strong>
            <p dir="auto">{clause.text}</p>
            {(threads.get(clause.key)?.length ?? 0) > 0 && (
              <ClauseThread
                exerciseId={live.joined?.exerciseId ?? ""}
                agreementId={a.id}
                clause={clause}
                messages={threads.get(clause.key) ?? []}
                pending={[]}
                blocked={undefined}
                onPost={() => undefined}
              />
            )}
          </li>
        ))}
      </ol>

      <AgreementVotes agreement={a} decides={false} roleName={roleName} command={live.command} onMessage={() => undefined} />

      {pending.length > 0 && (
        <details className="mirror-details" open>
          <summary>{t("pending", { count: pending.length })}</summary>
          <ul className="mirror-amendments">
            {pending.map((m) => (
              <PendingAmendment key={m.id} agreement={a} amendment={m} who={who} />
            ))}
          </ul>
        </details>
      )}
      {decided.length > 0 && (
        <details className="mirror-details">
          <summary>{tAgreement("history", { count: decided.length })}</summary>
          <DecidedAmendments agreement={a} amendments={decided} who={who} />
        </details>
      )}
      {a.versions.length > 0 && (
        <details className="mirror-details">
          <summary>{t("versions", { count: a.versions.length })}</summary>
          <ul>
            {a.versions.map((v) => (
              <li key={v.number}>
                <VersionCredit agreement={a} version={v} who={who} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}
