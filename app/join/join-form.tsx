"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormError, SubmitButton } from "@/app/components/form-parts";

type JoinT = ReturnType<typeof useTranslations<"join">>;

function explain(error: string, t: JoinT): string {
  if (error.startsWith("rate_limited")) {
    const seconds = Number(error.split(":")[1]);
    return t("rateLimited", { minutes: Number.isFinite(seconds) ? Math.ceil(seconds / 60) : 10 });
  }
  if (error === "invalid_payload") return t("invalid");
  if (error === "full") return t("full");
  return t("unknownCode");
}

export function JoinForm({ initialCode }: { initialCode: string }) {
  const t = useTranslations("join");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError("");
    const result = await signIn("join", {
      code: String(form.get("code") ?? ""),
      displayName: String(form.get("displayName") ?? ""),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      const me = (await (await fetch("/api/auth/session")).json()) as { user?: { exerciseId?: string } };
      window.location.assign(me.user?.exerciseId ? `/exercises/${me.user.exerciseId}` : "/");
      return;
    }
    setBusy(false);
    setError(explain(result?.error ?? "", t));
  }

  return (
    <form className="panel form" onSubmit={submit} noValidate>
      <label>
        {t("code")}
        <input
          name="code"
          defaultValue={initialCode}
          autoComplete="off"
          spellCheck={false}
          required
          autoFocus={!initialCode}
          placeholder={t("codePlaceholder")}
        />
      </label>
      <label>
        {t("name")}
        <input name="displayName" autoComplete="name" maxLength={60} required autoFocus={Boolean(initialCode)} />
      </label>
      <FormError message={error} />
      <SubmitButton busy={busy} label={t("submit")} busyLabel={t("busy")} />
    </form>
  );
}
