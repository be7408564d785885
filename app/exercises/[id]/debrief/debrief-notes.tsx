"use client";
// A facilitator's notes in the debrief: pinned to a message, or to the moment shown.
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { callApi } from "@/lib/client/api";
import { annotationCreateSchema } from "@/lib/replay/annotation.schema";
import { useServerText } from "@/app/components/use-server-text";

export function NoteButton({ exerciseId, targetSeq, onSaved }: { exerciseId: string; targetSeq: number; onSaved: () => void }) {
  const t = useTranslations("debrief");
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" className="link-button small" onClick={() => setOpen(true)}>
        {" "}
        {t("pinNote")}
      </button>
    );
  return <NoteForm exerciseId={exerciseId} target={{ targetSeq }} onSaved={() => (setOpen(false), onSaved())} />;
}

export function MomentNote({ exerciseId, at, onSaved }: { exerciseId: string; at: string; onSaved: () => void }) {
  const t = useTranslations("debrief");
  return (
    <details className="panel">
      <summary>{t("pinMoment")}</summary>
      <NoteForm exerciseId={exerciseId} target={{ at }} onSaved={onSaved} />
    </details>
  );
}

function NoteForm({
  exerciseId,
  target,
  onSaved,
}: {
  exerciseId: string;
  target: { targetSeq?: number; at?: string };
  onSaved: () => void;
}) {
  const t = useTranslations("debrief");
  const serverText = useServerText();
  const [error, setError] = useState("");
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const note = annotationCreateSchema.safeParse({
      ...target,
      body: String(form.get("body") ?? ""),
      visibleToParticipants: form.get("visible") === "on",
      important: form.get("important") === "on",
    });
    if (!note.success) return setError(serverText(note.error.issues[0]?.message ?? ""));
    const result = await callApi(`/api/exercises/${exerciseId}/annotations`, { body: note.data });
    if (!result.ok) setError(serverText(result.issues?.[0]?.message ?? result.message));
    else onSaved();
  }
  return (
    <form className="form note-form" onSubmit={submit}>
      <label>
        {t("noteLabel")}
        <textarea name="body" rows={2} required />
      </label>
      <label className="check">
        <input type="checkbox" name="visible" /> {t("visible")}
      </label>
      <label className="check">
        <input type="checkbox" name="important" /> {t("flag.important")}
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button className="button" type="submit">
        {t("saveNote")}
      </button>
    </form>
  );
}
