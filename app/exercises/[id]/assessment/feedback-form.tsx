"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { DeskPerson } from "@/server/assessment/assessment.service";

const FEEDBACK_MAX = 5000;

/** Feedback typed here survives a reload or a lost connection: it is kept in this browser until saved. */
export function Feedback({
  exerciseId,
  person,
  onSave,
}: {
  exerciseId: string;
  person: DeskPerson;
  onSave(feedback: string): Promise<boolean>;
}) {
  const t = useTranslations("assessment");
  const key = `parley:feedback:${exerciseId}:${person.person.userId}`;
  // The desk mounts this only in the browser (after its own fetch, one person at a time), so the draft is read at once.
  const [text, setText] = useState(() => window.localStorage.getItem(key) ?? person.feedback);
  const [busy, setBusy] = useState(false);
  const dirty = text !== person.feedback;
  return (
    <form
      className="form panel feedback-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        if (await onSave(text)) window.localStorage.removeItem(key);
        setBusy(false);
      }}
    >
      <label>
        {t("feedback")}
        <textarea
          rows={5}
          value={text}
          maxLength={FEEDBACK_MAX}
          dir="auto"
          onChange={(e) => {
            setText(e.target.value);
            window.localStorage.setItem(key, e.target.value);
          }}
        />
      </label>
      <p className="meta" aria-live="polite">
        {dirty ? t("feedbackUnsaved") : t("feedbackSaved")} · {t("characters", { count: text.length, max: FEEDBACK_MAX })}
      </p>
      <button type="submit" className="button" disabled={busy || !dirty}>
        {busy ? t("saving") : t("saveFeedback")}
      </button>
    </form>
  );
}
