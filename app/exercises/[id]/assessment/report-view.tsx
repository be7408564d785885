// A person's assessment as they read it (and as it prints): the total, each criterion with
// every level and the one given, the evidence under it, feedback, objectives and their part
// in the exercise. Rendered from structured data; whatever people typed stays text.
import type { AssessmentReport } from "@/server/assessment/assessment.service";
import { evidenceText, timeWithZone, type Translate } from "./evidence-text";

export function ReportView({ report, t, locale }: { report: AssessmentReport; t: Translate; locale: string | undefined }) {
  const general = report.evidence.filter((e) => e.criterion === "");
  const a = report.activity;
  return (
    <article className="assessment-report" aria-labelledby="report-title">
      <header className="report-head">
        <div>
          <h1 id="report-title">{t("reportTitle", { name: report.person.name })}</h1>
          <p className="meta">
            {report.person.roleName} · {report.exercise.title}
            {report.exercise.scenarioTitle !== report.exercise.title && <> · {report.exercise.scenarioTitle}</>}
            {report.releasedAt && <> · {t("releasedOn", { when: timeWithZone(report.releasedAt, locale) })}</>}
          </p>
        </div>
        {report.total.max > 0 && (
          <p className="report-total" aria-label={t("totalLabel", { given: report.total.given, max: report.total.max })}>
            <span className="total-given">{report.total.given}</span>
            <span className="total-max"> / {report.total.max}</span> <span className="total-unit">{t("pointsUnit")}</span>
          </p>
        )}
      </header>

      {report.feedback && (
        <section className="panel">
          <h2>{t("feedback")}</h2>
          <p className="feedback-text" dir="auto">
            {report.feedback}
          </p>
        </section>
      )}

      {report.criteria.length > 0 && (
        <section>
          <h2>{t("criteria")}</h2>
          <ol className="criteria">
            {report.criteria.map((c) => {
              const pinned = report.evidence.filter((e) => e.criterion === c.key);
              return (
                <li key={c.key} className="criterion panel">
                  <h3>
                    {c.title}{" "}
                    <span className="meta">
                      {c.points === null
                        ? t("notScored")
                        : t("pointsOf", { given: c.points, max: Math.max(...c.levels.map((l) => l.points)) })}
                    </span>
                  </h3>
                  {c.description && <p className="meta">{c.description}</p>}
                  <ol className="levels">
                    {c.levels.map((l) => (
                      <li
                        key={l.points}
                        className={`level${l.points === c.points ? " is-chosen" : ""}`}
                        aria-current={l.points === c.points ? "true" : undefined}
                      >
                        <strong>{l.label}</strong> <span className="level-points">{t("points", { count: l.points })}</span>
                        {l.points === c.points && <span className="visually-hidden"> {t("given")}</span>}
                        {l.description && <p>{l.description}</p>}
                      </li>
                    ))}
                  </ol>
                  {pinned.length > 0 && <EvidenceList items={pinned} t={t} locale={locale} />}
                </li>
              );
            })}
          </ol>
        </section>
      )}

      {general.length > 0 && (
        <section className="panel">
          <h2>{t("generalEvidence")}</h2>
          <EvidenceList items={general} t={t} locale={locale} />
        </section>
      )}

      <div className="report-columns">
        {report.objectives.length > 0 && (
          <section className="panel">
            <h2>{t("objectives")}</h2>
            <ul className="objectives">
              {report.objectives.map((o) => (
                <li key={o.id} className={o.met ? "is-met" : undefined}>
                  <span aria-hidden="true">{o.met ? "✓" : "–"}</span> {o.text}{" "}
                  <span className="visually-hidden">{o.met ? t("met") : t("notMet")}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section className="panel">
          <h2>{t("activity")}</h2>
          <dl className="activity">
            <dt>{t("messages")}</dt>
            <dd>{a.messages}</dd>
            <dt>{t("talkShare")}</dt>
            <dd>{Math.round(a.talkShare * 100)} %</dd>
            <dt>{t("drafts")}</dt>
            <dd>{a.drafts}</dd>
            <dt>{t("amendments")}</dt>
            <dd>{a.amendments}</dd>
            <dt>{t("signatures")}</dt>
            <dd>{a.signatures}</dd>
            <dt>{t("votes")}</dt>
            <dd>{a.votes}</dd>
            <dt>{t("backchannels")}</dt>
            <dd>{a.backchannels}</dd>
          </dl>
        </section>
      </div>
    </article>
  );
}

function EvidenceList({ items, t, locale }: { items: AssessmentReport["evidence"]; t: Translate; locale: string | undefined }) {
  return (
    <ul className="evidence">
      {items.map((e) => {
        const text = evidenceText(e.event, t);
        return (
          <li key={`${e.criterion}-${e.seq}`}>
            <p className="meta">
              {text.what} · {timeWithZone(e.event.at, locale)}
            </p>
            {text.quote && (
              <blockquote dir="auto" className="evidence-quote">
                {text.quote}
              </blockquote>
            )}
            {e.note && (
              <p className="evidence-note" dir="auto">
                {e.note}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
