"use client";

// Writing a change to a draft: new text for a clause (with a reason), or a new clause.
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { Clause } from "@/lib/agreements/agreement";

export function ClauseEditor({
  clause,
  onSave,
  onCancel,
}: {
  clause: Clause;
  onSave: (text: string, reason?: string) => Promise<void>;
  onCancel: () => void;
}) {
  // The text stays here until the server accepts it, so a conflict loses nothing.
  const t = useTranslations("agreement");
  const [text, setText] = useState(clause.text);
  const [reason, setReason] = useState("");
  return (
    <form
      className="form clause-editor"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void onSave(text, reason || undefined);
      }}
    >
      <label>
        {t("newText")}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} />
      </label>
      <label>
        {t("reason")}
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <span>
        <button className="button" type="submit">
          {t("propose")}
        </button>{" "}
        <button className="button button-secondary" type="button" onClick={onCancel}>
          {t("cancel")}
        </button>
      </span>
    </form>
  );
}

export function AddClause({ onAdd }: { onAdd: (title: string, text: string) => Promise<boolean> }) {
  const t = useTranslations("agreement");
  return (
    <details className="add-clause">
      <summary>{t("addClause")}</summary>
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          if (await onAdd(String(data.get("title") ?? ""), String(data.get("text") ?? ""))) form.reset();
        }}
      >
        <label>
          {t("title")}
          <input name="title" required />
        </label>
        <label>
          {t("text")}
          <textarea name="text" rows={3} required />
        </label>
        <button className="button" type="submit">
          {t("proposeClause")}
        </button>
      </form>
    </details>
  );
}
