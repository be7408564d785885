"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { callApi } from "@/lib/client/api";
import { FormError, SubmitButton } from "@/app/components/form-parts";
import { useServerText } from "@/app/components/use-server-text";

export function SetupForm({ token }: { token: string }) {
  const t = useTranslations("setup");
  const serverText = useServerText();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const account = {
      displayName: String(form.get("displayName") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    setBusy(true);
    setError("");
    const result = await callApi("/api/setup", { body: { ...account, token } });
    if (!result.ok) {
      setBusy(false);
      setError(result.issues?.[0]?.message ?? serverText(result.message));
      return;
    }
    await signIn("password", { email: account.email, password: account.password, callbackUrl: "/facilitator" });
  }

  return (
    <form className="panel form" onSubmit={submit} noValidate>
      <label>
        {t("name")}
        <input name="displayName" autoComplete="name" required autoFocus />
      </label>
      <label>
        {t("email")}
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        {t("password")} <span className="hint">{t("passwordHint")}</span>
        <input name="password" type="password" autoComplete="new-password" minLength={10} required />
      </label>
      <FormError message={error} />
      <SubmitButton busy={busy} label={t("submit")} busyLabel={t("busy")} />
    </form>
  );
}
