"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/lib/client/api";
import { FormError, SubmitButton } from "@/app/components/form-parts";
import { useServerText } from "@/app/components/use-server-text";

export function CreateExerciseForm({ scenarioId, defaultTitle }: { scenarioId: string; defaultTitle: string }) {
  const t = useTranslations("scenario");
  const router = useRouter();
  const serverText = useServerText();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const title = String(new FormData(event.currentTarget).get("title") ?? "");
    setBusy(true);
    setError("");
    const result = await callApi<{ id: string }>("/api/exercises", { body: { scenarioId, title } });
    if (result.ok) router.push(`/exercises/${result.data.id}`);
    else {
      setBusy(false);
      setError(serverText(result.message));
    }
  }

  return (
    <form className="panel form" onSubmit={submit}>
      <h2>{t("run")}</h2>
      <label>
        {t("exerciseTitle")}
        <input name="title" defaultValue={defaultTitle} maxLength={120} />
      </label>
      <FormError message={error} />
      <SubmitButton busy={busy} label={t("create")} busyLabel={t("busy")} />
    </form>
  );
}
