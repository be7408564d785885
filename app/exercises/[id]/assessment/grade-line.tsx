"use client";

// A released assessment's score on its way to the LMS: sent, failed (with the reason), and a retry.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { callApi } from "@/lib/client/api";
import type { GradeStatus } from "@/server/assessment/grade-passback";
import { useServerText } from "@/app/components/use-server-text";
import { timeWithZone } from "./evidence-text";

export function GradeLine({
  exerciseId,
  userId,
  grade,
  locale,
  onGrade,
}: {
  exerciseId: string;
  userId: string;
  grade: GradeStatus | null;
  locale: string | undefined;
  onGrade(): void;
}) {
  const t = useTranslations("assessment");
  const serverText = useServerText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const status = grade?.status ?? "none";
  return (
    <div className={`grade-line grade-${status}`} role="status">
      <span>
        {status === "sent" && grade?.sentAt
          ? t("gradeSent", { when: timeWithZone(grade.sentAt, locale) })
          : status === "failed"
            ? t("gradeFailed", { error: serverText(grade?.lastError ?? "") })
            : status === "none"
              ? t("gradeNotSent")
              : t("grade.pending")}
      </span>
      {status !== "sent" && (
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError("");
            const r = await callApi(`/api/exercises/${exerciseId}/assessments/${userId}/grade`, { body: {} });
            setBusy(false);
            if (!r.ok) setError(serverText(r.message));
            onGrade();
          }}
        >
          {busy ? t("sending") : t("retryGrade")}
        </button>
      )}
      {error && <span className="error">{error}</span>}
    </div>
  );
}
