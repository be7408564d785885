"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/lib/client/api";
import type { ResultIssue } from "@/lib/contract/result";
import { useServerText } from "@/app/components/use-server-text";

export function UploadForm() {
  const t = useTranslations("upload");
  const router = useRouter();
  const serverText = useServerText();
  const [issues, setIssues] = useState<ResultIssue[]>([]);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) {
      setMessage(t("chooseFile"));
      return;
    }
    setBusy(true);
    setMessage("");
    setIssues([]);
    const result = await callApi<{ id: string }>("/api/scenarios", { body: { yaml: await file.text() } });
    if (result.ok) {
      router.push(`/scenarios/${result.data.id}`);
      return;
    }
    setBusy(false);
    setMessage(t("failed", { message: serverText(result.message) }));
    setIssues(result.issues ?? []);
  }

  return (
    <form className="panel form" onSubmit={submit}>
      <label>
        {t("file")}
        <input name="file" type="file" accept=".yaml,.yml,text/yaml" required />
      </label>
      <button className="button" type="submit" disabled={busy}>
        {busy ? t("busy") : t("submit")}
      </button>
      <div role="alert" aria-live="assertive">
        {message && <p className="error">{message}</p>}
        {issues.length > 0 && (
          <ul className="problems">
            {issues.map((i, n) => (
              <li key={n}>
                <code>{i.path}</code>: {i.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </form>
  );
}
