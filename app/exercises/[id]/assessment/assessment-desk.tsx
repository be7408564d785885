"use client";

// The facilitator's assessment desk: the people who played a role on one side, the chosen
// person's rubric, evidence and feedback on the other; release and the grades file on top.
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import { dateLocale } from "@/i18n/locales";
import { callApi } from "@/lib/client/api";
import type { AssessmentDesk as Desk, AssessmentReport, DeskPerson } from "@/server/assessment/assessment.service";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { useNotices } from "@/app/components/notices";
import { useServerText } from "@/app/components/use-server-text";
import { PersonPanel } from "./person-panel";

export function AssessmentDesk({ exerciseId }: { exerciseId: string }) {
  const t = useTranslations("assessment");
  const serverText = useServerText();
  const { notify } = useNotices();
  const locale = useLocale();
  const [desk, setDesk] = useState<Desk | null>(null);
  const [error, setError] = useState("");
  const [selected, setSelected] = useState<string>("");
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    void callApi<Desk>(`/api/exercises/${exerciseId}/assessments`).then((r) => {
      if (cancelled) return;
      if (!r.ok) return setError(serverText(r.message));
      setDesk(r.data);
      setSelected((s) => s || r.data.people[0]?.person.userId || "");
    });
    return () => {
      cancelled = true;
    };
  }, [exerciseId, reload, serverText]);

  /** A saved report replaces the person's row without reading the whole desk again. */
  const onSaved = useCallback((report: AssessmentReport) => {
    setDesk((d) => (d ? { ...d, people: d.people.map((p) => (p.person.userId === report.person.userId ? { ...p, ...report } : p)) } : d));
  }, []);

  if (error)
    return (
      <p role="alert" className="error panel">
        {error}
      </p>
    );
  if (!desk)
    return (
      <p className="empty" role="status">
        {t("loading")}
      </p>
    );

  const ended = desk.exercise.status === "ended";
  const drafts = desk.people.filter((p) => p.status === "draft" && started(p));
  const current = desk.people.find((p) => p.person.userId === selected);

  return (
    <div className="assessment-desk">
      <header className="page-head desk-head">
        <div>
          <h1>{t("deskTitle", { title: desk.exercise.title })}</h1>
          <p className="meta">
            {t("deskMeta", { people: desk.people.length, released: desk.people.filter((p) => p.status === "released").length })}
            {" · "}
            <Link href={`/exercises/${exerciseId}/debrief`}>{t("toDebrief")}</Link>
          </p>
        </div>
        {desk.facilitator && (
          <div className="desk-actions">
            <a className="button button-secondary" href={`/api/exercises/${exerciseId}/grades`} download>
              {t("gradesCsv")}
            </a>
            <ConfirmDialog
              trigger={
                <button type="button" className="button" disabled={!ended || drafts.length === 0}>
                  {t("release", { count: drafts.length })}
                </button>
              }
              title={t("releaseTitle", { count: drafts.length })}
              description={
                <>
                  <p>{t("releaseWhat")}</p>
                  {desk.lms && <p>{t("releaseLms", { platform: desk.lms.platformName })}</p>}
                  <ul>
                    {drafts.map((p) => (
                      <li key={p.person.userId}>
                        {p.person.name} ({p.person.roleName}) — {t("totalShort", { given: p.total.given, max: p.total.max })}
                      </li>
                    ))}
                  </ul>
                </>
              }
              confirmLabel={t("releaseConfirm", { count: drafts.length })}
              busyLabel={t("releasing")}
              cancelLabel={t("cancel")}
              destructive={false}
              onConfirm={async () => {
                const r = await callApi<{ released: number }>(`/api/exercises/${exerciseId}/assessments/release`, { body: {} });
                if (!r.ok) return serverText(r.message);
                notify({ tone: "success", title: t("released", { count: r.data.released }) });
                setReload((n) => n + 1);
                return null;
              }}
            />
          </div>
        )}
      </header>
      {!ended && <p className="notice-banner">{t("notEnded")}</p>}
      {desk.facilitator ? (
        <label className="check observers-assess">
          <input
            type="checkbox"
            checked={desk.observersAssess}
            onChange={async (e) => {
              const r = await callApi(`/api/exercises/${exerciseId}/assessments/settings`, {
                method: "PUT",
                body: { observersAssess: e.target.checked },
              });
              if (!r.ok) return notify({ tone: "warning", title: serverText(r.message) });
              setReload((n) => n + 1);
            }}
          />{" "}
          {t("observersAssess")}
        </label>
      ) : (
        <p className="notice-banner notice-info">{t("asObserver")}</p>
      )}
      {desk.lms && (
        <p className="notice-banner notice-info">
          {t("lmsLinked", { platform: desk.lms.platformName, course: desk.lms.contextTitle ?? "—" })}
        </p>
      )}

      {desk.people.length === 0 ? (
        <p className="empty-state panel">{t("nobody")}</p>
      ) : (
        <div className="desk-grid">
          <nav className="desk-people" aria-label={t("people")}>
            <ul>
              {desk.people.map((p) => (
                <li key={p.person.userId}>
                  <button
                    type="button"
                    className={`person-button${p.person.userId === selected ? " is-current" : ""}`}
                    aria-current={p.person.userId === selected ? "true" : undefined}
                    onClick={() => setSelected(p.person.userId)}
                  >
                    <span className="person-name">{p.person.name}</span>
                    <span className="meta">{p.person.roleName}</span>
                    <span className="person-state">
                      <span className={`badge badge-assessment-${stateOf(p)}`}>{t(`state.${stateOf(p)}`)}</span>
                      {p.total.max > 0 && <span className="meta">{t("totalShort", { given: p.total.given, max: p.total.max })}</span>}
                      {p.grade && <span className={`badge badge-grade-${p.grade.status}`}>{t(`grade.${gradeKey(p.grade.status)}`)}</span>}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {current && (
            <PersonPanel
              key={current.person.userId}
              exerciseId={exerciseId}
              person={current}
              lms={desk.lms !== null && desk.facilitator}
              locale={dateLocale(locale)}
              onSaved={onSaved}
              onGrade={() => setReload((n) => n + 1)}
            />
          )}
        </div>
      )}
    </div>
  );
}

/** Whether anything was written for the person yet (only then is there something to release). */
const started = (p: DeskPerson) => p.criteria.some((c) => c.points !== null) || p.feedback !== "" || p.evidence.length > 0;
const stateOf = (p: DeskPerson) => (p.status === "released" ? "released" : started(p) ? "draft" : "new");
const gradeKey = (status: string) => (status === "sent" || status === "failed" ? status : "pending");
