"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { callApi } from "@/lib/client/api";
import { FormError, SubmitButton } from "@/app/components/form-parts";
import { useServerText } from "@/app/components/use-server-text";

/** Chooses a name (invitations) and a password, then signs straight in with them. */
export function RedeemForm({ token, kind, email }: { token: string; kind: "invite" | "reset"; email: string }) {
  const t = useTranslations("accountLink");
  const serverText = useServerText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const ids = { name: useId(), password: useId(), again: useId() };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = String(data.get("password") ?? "");
    if (password !== String(data.get("again") ?? "")) return setError(t("mismatch"));
    setBusy(true);
    setError("");
    const result = await callApi<{ email: string | null }>(`/api/account-links/${token}`, {
      body: kind === "invite" ? { displayName: String(data.get("displayName") ?? ""), password } : { password },
    });
    if (!result.ok) {
      setBusy(false);
      return setError(serverText(result.message));
    }
    await signIn("password", { email: result.data.email ?? email, password, callbackUrl: "/facilitator" });
  }

  return (
    <form className="panel form" onSubmit={submit}>
      {kind === "invite" && (
        <>
          <label htmlFor={ids.name}>{t("name")}</label>
          <input id={ids.name} name="displayName" required maxLength={80} autoComplete="name" />
        </>
      )}
      <label htmlFor={ids.password}>{t("password")}</label>
      <input
        id={ids.password}
        name="password"
        type="password"
        required
        minLength={10}
        autoComplete="new-password"
        aria-describedby={`${ids.password}-hint`}
      />
      <p id={`${ids.password}-hint`} className="meta">
        {t("passwordHint")}
      </p>
      <label htmlFor={ids.again}>{t("again")}</label>
      <input id={ids.again} name="again" type="password" required minLength={10} autoComplete="new-password" />
      <FormError message={error} />
      <SubmitButton busy={busy} label={t(kind === "invite" ? "create" : "save")} busyLabel={t("saving")} />
    </form>
  );
}
