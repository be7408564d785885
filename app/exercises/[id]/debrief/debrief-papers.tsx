"use client";

import { useTranslations } from "next-intl";
import type { AgreementView } from "@/lib/agreements/agreement-state";
import type { ReplayAnnotation } from "@/server/debrief/replay.service";
import { DebriefVotes } from "./debrief-votes";
import { MomentNote } from "./debrief-notes";

interface Props {
  exerciseId: string;
  agreements: AgreementView[];
  /** The notes up to the moment shown. */
  notes: ReplayAnnotation[];
  roleName: (key?: string) => string;
  /** The moment shown, when the facilitator may pin a note to it. */
  pinsAt: string | undefined;
  onSaved: () => void;
}

/** Beside the conversation: the agreements as they stood at the moment shown, and the notes on moments. */
export function DebriefPapers({ exerciseId, agreements, notes, roleName, pinsAt, onSaved }: Props) {
  const t = useTranslations("debrief");
  const agreementT = useTranslations("agreement");
  return (
    <aside className="papers">
      <section className="agreement" aria-label={t("agreementsNow")}>
        <h2 className="small-heading">{t("agreementsNow")}</h2>
        {agreements.length === 0 ? (
          <p className="meta">{t("noDraft")}</p>
        ) : (
          agreements.map((a) => (
            <article key={a.id}>
              <h3>
                {a.title} <span className={`badge badge-agreement-${a.status}`}>{agreementT(`status.${a.status}`)}</span>{" "}
                <span className="meta">v{a.version}</span>
              </h3>
              <ol className="clauses">
                {a.clauses.map((c) => (
                  <li key={c.key}>
                    <strong>{c.title}</strong> {c.text}
                  </li>
                ))}
              </ol>
              <p className="meta">
                {t("signed", {
                  names:
                    [...new Set(a.signatures.filter((s) => s.version === a.version).map((s) => roleName(s.roleKey)))].join(", ") ||
                    t("nobodySigned"),
                })}
              </p>
              <DebriefVotes votes={a.votes} roleName={roleName} />
            </article>
          ))
        )}
      </section>
      {notes.some((n) => n.targetSeq === null) && (
        <section className="panel">
          <h2 className="small-heading">{t("notes")}</h2>
          {notes
            .filter((n) => n.targetSeq === null)
            .map((n) => (
              <p key={n.id} className="note">
                {n.body}
              </p>
            ))}
        </section>
      )}
      {pinsAt && <MomentNote exerciseId={exerciseId} at={pinsAt} onSaved={onSaved} />}
    </aside>
  );
}
