"use client";

// One person on the assessment desk: their part in the exercise, the rubric (a level per
// criterion, saved as it is chosen), evidence pinned from what they did, and feedback kept
// as a draft in this browser until it is saved.
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { callApi } from "@/lib/client/api";
import type { AssessmentReport, DeskPerson } from "@/server/assessment/assessment.service";
import { useNotices } from "@/app/components/notices";
import { useServerText } from "@/app/components/use-server-text";
import { Contribution, Pinned } from "./evidence-items";
import { Feedback } from "./feedback-form";
import { GradeLine } from "./grade-line";

interface Props {
  exerciseId: string;
  person: DeskPerson;
  lms: boolean;
  locale: string | undefined;
  onSaved(report: AssessmentReport): void;
  onGrade(): void;
}

export function PersonPanel({ exerciseId, person, lms, locale, onSaved, onGrade }: Props) {
  const t = useTranslations("assessment");
  const serverText = useServerText();
  const { notify } = useNotices();
  const [error, setError] = useState("");
  // A level shows as chosen at once; it goes back if the server refuses it.
  const [choosing, setChoosing] = useState<Record<string, number>>({});
  const base = `/api/exercises/${exerciseId}/assessments/${person.person.userId}`;

  // One request at a time, in the order they were made: a later choice is never overtaken by an earlier one.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  function send(url: string, method: string, body: unknown, done?: string): Promise<boolean> {
    const next = queue.current.then(() => request(url, method, body, done));
    queue.current = next;
    return next;
  }

  async function request(url: string, method: string, body: unknown, done?: string): Promise<boolean> {
    setError("");
    const r = await callApi<AssessmentReport>(url, { method, body });
    if (!r.ok) {
      setError(r.issues?.[0]?.message ?? serverText(r.message));
      return false;
    }
    onSaved(r.data);
    if (done) notify({ tone: "success", title: done });
    return true;
  }

  return (
    <section className="person-panel" aria-labelledby="person-heading">
      <header className="person-head">
        <h2 id="person-heading">
          {person.person.name}
          {person.removed && <span className="badge">{t("removed")}</span>}
        </h2>
        <p className="person-role">{person.person.roleName}</p>
        <p className="meta">
          {t("activityLine", {
            messages: person.activity.messages,
            share: Math.round(person.activity.talkShare * 100),
            drafts: person.activity.drafts,
            amendments: person.activity.amendments,
            signatures: person.activity.signatures,
          })}
        </p>
        {person.total.max > 0 && <p className="person-total">{t("totalLabel", { given: person.total.given, max: person.total.max })}</p>}
        <a className="link-button" href={`/exercises/${exerciseId}/assessment/print?person=${person.person.userId}`}>
          {t("printPerson")}
        </a>
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {lms && person.status === "released" && (
        <GradeLine exerciseId={exerciseId} userId={person.person.userId} grade={person.grade} locale={locale} onGrade={onGrade} />
      )}

      <h3 className="small-heading">{t("criteria")}</h3>
      {person.criteria.length === 0 && <p className="meta">{t("noRubric")}</p>}
      {person.criteria.map((c) => {
        const chosen = choosing[c.key] ?? c.points;
        const choose = async (points: number, label: string) => {
          setChoosing((p) => ({ ...p, [c.key]: points }));
          await send(base, "PUT", { scores: { [c.key]: points } }, t("savedScore", { criterion: c.title, label }));
          setChoosing(({ [c.key]: _done, ...rest }) => rest);
        };
        return (
          <fieldset key={c.key} className="criterion-edit panel">
            <legend>
              {c.title}
              {c.objective && <span className="kind">{t("objectiveTag")}</span>}
            </legend>
            {c.description && <p className="meta">{c.description}</p>}
            <div className="level-options">
              {c.levels.map((l) => (
                <label key={l.points} className={`level-option${chosen === l.points ? " is-chosen" : ""}`}>
                  <input
                    type="radio"
                    name={`criterion-${c.key}`}
                    checked={chosen === l.points}
                    onChange={() => void choose(l.points, l.label)}
                  />
                  <span>
                    <strong>{l.label}</strong> <span className="level-points">{t("points", { count: l.points })}</span>
                    {l.description && <span className="level-description">{l.description}</span>}
                  </span>
                </label>
              ))}
            </div>
            <Pinned
              person={person}
              criterion={c.key}
              locale={locale}
              onRemove={(seq) => send(`${base}/evidence`, "DELETE", { criterion: c.key, seq }, t("unpinned"))}
            />
          </fieldset>
        );
      })}
      {person.evidence.some((e) => e.criterion === "") && (
        <div className="panel">
          <h3 className="small-heading">{t("generalEvidence")}</h3>
          <Pinned
            person={person}
            criterion=""
            locale={locale}
            onRemove={(seq) => send(`${base}/evidence`, "DELETE", { criterion: "", seq }, t("unpinned"))}
          />
        </div>
      )}

      {person.objectives.length > 0 && (
        <fieldset className="panel objectives-edit">
          <legend>{t("roleObjectives", { role: person.person.roleName })}</legend>
          {person.objectives.map((o) => (
            <label key={o.id} className="check">
              <input
                type="checkbox"
                checked={o.met}
                onChange={async (e) => {
                  const r = await callApi(`/api/exercises/${exerciseId}/objectives`, {
                    body: { roleKey: person.person.roleKey, objectiveId: o.id, met: e.target.checked },
                  });
                  if (!r.ok) setError(serverText(r.message));
                  else onGrade();
                }}
              />{" "}
              {o.text}
            </label>
          ))}
        </fieldset>
      )}

      <Feedback exerciseId={exerciseId} person={person} onSave={(feedback) => send(base, "PUT", { feedback }, t("savedFeedback"))} />

      <h3 className="small-heading">{t("contributions", { count: person.contributions.length })}</h3>
      {person.contributions.length === 0 ? (
        <p className="meta">{t("noContributions")}</p>
      ) : (
        <ol className="contributions">
          {person.contributions.map((e) => (
            <Contribution
              key={e.seq}
              event={e}
              person={person}
              locale={locale}
              onPin={(criterion, note) => send(`${base}/evidence`, "POST", { criterion, seq: e.seq, note }, t("pinned"))}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
