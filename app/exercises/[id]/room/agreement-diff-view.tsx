"use client";

// Differences in an agreement's text, as the room's panel and the console's mirror show them:
// <ins> and <del> with words a screen reader says, never markup taken from the text.
import { useTranslations } from "next-intl";
import type { WordPart } from "@/lib/agreements/agreement-diff";
import type { AmendmentPreview } from "@/lib/agreements/amendment-preview";

export function DiffText({ parts }: { parts: readonly WordPart[] }) {
  const t = useTranslations("agreement");
  return (
    <>
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i}>
            <span className="visually-hidden">{t("diffAddedStart")} </span>
            {part.text}
            <span className="visually-hidden"> {t("diffEnd")}</span>
          </ins>
        ) : part.removed ? (
          <del key={i}>
            <span className="visually-hidden">{t("diffRemovedStart")} </span>
            {part.text}
            <span className="visually-hidden"> {t("diffEnd")}</span>
          </del>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

/** What a pending amendment would change in the current text (`version`). */
export function AmendmentPreviewView({ preview, version }: { preview: AmendmentPreview; version: number }) {
  const t = useTranslations("agreement");
  switch (preview.kind) {
    case "stale":
      return <p className="amendment-stale">{t(`stale.${preview.misfit}`, { version })}</p>;
    case "order":
      return (
        <div className="diff amendment-diff" role="group" aria-label={t("previewOrder", { version })}>
          <p className="meta">{t("previewOrder", { version })}</p>
          <ol className="amendment-order">
            {preview.order.map((move) => (
              <li key={move.key} className={move.from !== move.to ? "is-moved" : undefined} dir="auto">
                {move.title}
                {move.from !== move.to && <span className="meta"> {t("previewMoved", { from: move.from })}</span>}
              </li>
            ))}
          </ol>
        </div>
      );
    case "clauses":
      return (
        <div className="diff amendment-diff" role="group" aria-label={t("previewLabel", { version })}>
          {preview.clauses.map((clause) => (
            <div key={clause.key} className={`amendment-clause is-${clause.state}`}>
              <p className="amendment-clause-title">
                <strong dir="auto">{t("previewClause", { number: clause.number, title: clause.title })}</strong>{" "}
                <span className="meta">
                  (
                  {clause.state === "changed" && clause.oldTitle !== undefined
                    ? t("previewRenamed", { old: clause.oldTitle })
                    : t(`diffState.${clause.state === "same" ? "changed" : clause.state}`)}
                  )
                </span>
              </p>
              <p className="amendment-clause-text" dir="auto">
                <DiffText parts={clause.parts} />
              </p>
            </div>
          ))}
        </div>
      );
  }
}
