"use client";

// Registering or changing a platform: the fields the LMS shows once Parley is added to it.
// The server's schema judges (https in production); the form sends what was typed.
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { callApi } from "@/lib/client/api";
import type { Result } from "@/lib/contract/result";
import { FormError, SubmitButton } from "@/app/components/form-parts";
import { useServerText } from "@/app/components/use-server-text";
import type { PlatformInput } from "@/server/lti/platform.schema";

const FIELDS = ["name", "issuer", "clientId", "authLoginUrl", "accessTokenUrl", "jwksUrl"] as const;
const LABELS = {
  name: "name",
  issuer: "issuer",
  clientId: "clientId",
  authLoginUrl: "authLoginUrl",
  accessTokenUrl: "accessTokenUrl",
  jwksUrl: "platformJwksUrl",
  deploymentIds: "deploymentIds",
} as const;

export function PlatformForm({
  initial,
  id,
  onDone,
  onCancel,
}: {
  initial?: PlatformInput;
  id?: string;
  onDone(name: string): void;
  onCancel?: () => void;
}) {
  const t = useTranslations("lti");
  const serverText = useServerText();
  const prefix = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  function describe(result: Extract<Result<unknown>, { ok: false }>): string {
    const issue = result.issues?.[0];
    if (!issue) return serverText(result.message);
    const field = issue.path.split(".")[0] as keyof typeof LABELS;
    return t("fieldProblem", { field: field in LABELS ? t(LABELS[field]) : issue.path, problem: serverText(issue.message) });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (f: (typeof FIELDS)[number]) => String(data.get(f) ?? "");
    const body = {
      ...Object.fromEntries(FIELDS.map((f) => [f, text(f)])),
      deploymentIds: String(data.get("deploymentIds") ?? "")
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
    setBusy(true);
    setError("");
    const result = await callApi<{ id: string }>(id ? `/api/lti/platforms/${id}` : "/api/lti/platforms", {
      method: id ? "PUT" : "POST",
      body,
    });
    setBusy(false);
    if (!result.ok) return setError(describe(result));
    onDone(text("name"));
  }

  return (
    <form className="form" onSubmit={submit}>
      {FIELDS.map((f) => (
        <label key={f} htmlFor={`${prefix}-${f}`}>
          {t(LABELS[f])}
          {f === "name" && <span className="hint">{t("nameHint")}</span>}
          <input
            id={`${prefix}-${f}`}
            name={f}
            required
            defaultValue={initial?.[f] ?? ""}
            type={f === "name" || f === "clientId" ? "text" : "url"}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
      ))}
      <label htmlFor={`${prefix}-deploymentIds`}>
        {t("deploymentIds")} <span className="hint">{t("deploymentIdsHint")}</span>
        <textarea
          id={`${prefix}-deploymentIds`}
          name="deploymentIds"
          rows={2}
          required
          defaultValue={initial?.deploymentIds.join("\n") ?? ""}
          spellCheck={false}
        />
      </label>
      <FormError message={error} />
      <div className="dialog-actions">
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t("cancel")}
          </button>
        )}
        <SubmitButton busy={busy} label={id ? t("save") : t("register")} busyLabel={t("saving")} />
      </div>
    </form>
  );
}
