"use client";

// Evidence on the desk: what is pinned under a criterion (with Remove), and a person's
// contributions, each with a small form to pin it.
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import type { DeskPerson } from "@/server/assessment/assessment.service";
import { evidenceText, timeWithZone, type Translate } from "./evidence-text";

export function Pinned({
  person,
  criterion,
  locale,
  onRemove,
}: {
  person: DeskPerson;
  criterion: string;
  locale: string | undefined;
  onRemove(seq: number): Promise<boolean>;
}) {
  const t = useTranslations("assessment");
  const items = person.evidence.filter((e) => e.criterion === criterion);
  if (items.length === 0) return null;
  return (
    <ul className="evidence">
      {items.map((e) => {
        const text = evidenceText(e.event, t as Translate);
        return (
          <li key={e.seq}>
            <p className="meta">
              {text.what} · {timeWithZone(e.event.at, locale)}{" "}
              <button
                type="button"
                className="link-button small"
                onClick={() => void onRemove(e.seq)}
                aria-label={t("unpinLabel", { what: text.what })}
              >
                {t("unpin")}
              </button>
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

export function Contribution({
  event,
  person,
  locale,
  onPin,
}: {
  event: DeskPerson["contributions"][number];
  person: DeskPerson;
  locale: string | undefined;
  onPin(criterion: string, note: string): Promise<boolean>;
}) {
  const t = useTranslations("assessment");
  const id = useId();
  const [open, setOpen] = useState(false);
  const text = evidenceText(event, t as Translate);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (await onPin(String(form.get("criterion") ?? ""), String(form.get("note") ?? ""))) setOpen(false);
  }
  return (
    <li className="contribution">
      <p className="meta">
        {text.what} · {timeWithZone(event.at, locale)}{" "}
        <button type="button" className="link-button small" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
          {t("pin")}
        </button>
      </p>
      {text.quote && (
        <p className="contribution-text" dir="auto">
          {text.quote}
        </p>
      )}
      {open && (
        <form id={id} className="form pin-form" onSubmit={submit}>
          <label>
            {t("pinTo")}
            <select name="criterion" defaultValue={person.criteria[0]?.key ?? ""}>
              {person.criteria.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.title}
                </option>
              ))}
              <option value="">{t("generalEvidence")}</option>
            </select>
          </label>
          <label>
            {t("note")}
            <input name="note" maxLength={500} />
          </label>
          <button type="submit" className="button">
            {t("pinSubmit")}
          </button>
        </form>
      )}
    </li>
  );
}
