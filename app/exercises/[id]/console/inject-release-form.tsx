"use client";

// An inject to release now: a scenario inject as written (edited on the day if need be),
// or a new one. Audience: everyone, or the roles ticked.
import { useTranslations } from "next-intl";
import type { FormEvent } from "react";
import type { Inject } from "@/lib/scenario/scenario.schema";
import type { RoleInfo } from "./console-types";

export interface ReleaseInput {
  title: string;
  text: string;
  audience: "all" | string[];
}

interface Props {
  roles: RoleInfo[];
  defaults?: Pick<Inject, "title" | "text" | "audience">;
  submitLabel: string;
  /** Resolves true once the server has released it. */
  onRelease(input: ReleaseInput): Promise<boolean>;
}

export function InjectReleaseForm({ roles, defaults, submitLabel, onRelease }: Props) {
  const t = useTranslations("console");
  const audience = defaults?.audience ?? "all";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const chosen = form.getAll("audience").map(String);
    const released = await onRelease({
      title: String(form.get("title") ?? ""),
      text: String(form.get("text") ?? ""),
      audience: chosen.length === 0 || chosen.includes("all") ? "all" : chosen,
    });
    if (released && !defaults) formEl.reset();
  }

  return (
    <form className="form inject-form" onSubmit={(e) => void submit(e)}>
      <label>
        {t("title")}
        <input name="title" defaultValue={defaults?.title} maxLength={200} required dir="auto" />
      </label>
      <label>
        {t("text")}
        <textarea name="text" defaultValue={defaults?.text} rows={defaults ? 4 : 3} maxLength={5000} required dir="auto" />
      </label>
      <fieldset className="audience">
        <legend>{t("audience")}</legend>
        <label className="check">
          <input type="checkbox" name="audience" value="all" defaultChecked={audience === "all"} /> {t("everyone")}
        </label>
        {roles.map((r) => (
          <label key={r.key} className="check">
            <input type="checkbox" name="audience" value={r.key} defaultChecked={audience !== "all" && audience.includes(r.key)} /> {r.name}
          </label>
        ))}
      </fieldset>
      <button className="button" type="submit">
        {submitLabel}
      </button>
    </form>
  );
}
