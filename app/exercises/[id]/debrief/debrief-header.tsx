"use client";

import { useTranslations } from "next-intl";
import type { ReplayScreen } from "@/server/debrief/replay.service";

interface Props {
  exerciseId: string;
  data: ReplayScreen;
  staff: boolean;
  perspective: string;
  onPerspective: (roleKey: string) => void;
  roleName: (key?: string) => string;
}

/** The debrief's title, whose view it is, the perspective (staff) and the downloads. */
export function DebriefHeader({ exerciseId, data, staff, perspective, onPerspective, roleName }: Props) {
  const t = useTranslations("debrief");
  const assessmentT = useTranslations("assessment");
  return (
    <header className="room-head">
      <div>
        <h1 className="room-title">{t("heading", { title: data.exercise.title })}</h1>
        <p className="meta">
          {data.perspective.kind === "facilitator"
            ? t("asFacilitator")
            : data.perspective.kind === "role"
              ? t("asRole", { role: roleName(data.perspective.roleKey) })
              : t("asObserver")}{" "}
          · {t("events", { count: data.complete ? data.events.length : data.outline.events })}
        </p>
        {!data.complete && <p className="meta">{t("page.about")}</p>}
      </div>
      <div className="run-controls">
        {staff && (
          <label className="inline-label">
            {t("perspective")}
            <select value={perspective} onChange={(e) => onPerspective(e.target.value)}>
              <option value="">{t("everything")}</option>
              {data.roles.map((r) => (
                <option key={r.key} value={r.key}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <a
          className="button button-secondary"
          href={`/api/exercises/${exerciseId}/transcript?format=md&tz=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}${perspective ? `&as=${perspective}` : ""}`}
        >
          {t("transcript")}
        </a>
        <a
          className="button button-secondary"
          href={`/api/exercises/${exerciseId}/transcript?format=json${perspective ? `&as=${perspective}` : ""}`}
        >
          {t("json")}
        </a>
        <a
          className="button button-secondary"
          href={`/exercises/${exerciseId}/debrief/print?tz=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}${perspective ? `&as=${perspective}` : ""}`}
        >
          {t("print")}
        </a>
        <a className="button" href={`/exercises/${exerciseId}/assessment`}>
          {staff || data.perspective.kind === "observer" ? assessmentT("toAssessment") : assessmentT("yourAssessment")}
        </a>
      </div>
    </header>
  );
}
