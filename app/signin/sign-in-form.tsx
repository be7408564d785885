"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormError, SubmitButton } from "@/app/components/form-parts";

export function SignInForm({ callbackUrl, oidcName, initialError }: { callbackUrl: string; oidcName?: string; initialError?: string }) {
  const t = useTranslations("signIn");
  const [error, setError] = useState(initialError ?? "");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError("");
    const result = await signIn("password", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
      callbackUrl,
    });
    setBusy(false);
    if (result?.ok && !result.error) window.location.assign(result.url ?? callbackUrl);
    else if (result?.error?.startsWith("rate_limited"))
      setError(t("rateLimited", { minutes: Math.ceil(Number(result.error.split(":")[1] ?? 900) / 60) || 15 }));
    else setError(t("mismatch"));
  }

  return (
    <form className="panel form" onSubmit={submit} noValidate>
      <label>
        {t("email")}
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        {t("password")}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <FormError message={error} />
      <SubmitButton busy={busy} label={t("submit")} busyLabel={t("busy")} />
      {oidcName && (
        <button type="button" className="button button-secondary" onClick={() => void signIn("oidc", { callbackUrl })}>
          {oidcName}
        </button>
      )}
    </form>
  );
}
