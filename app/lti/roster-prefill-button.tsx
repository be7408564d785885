"use client";

// For a facilitator's lobby of an exercise placed in a course: fills the lobby from the
// course roster (NRPS) and says how many learners were seated.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/lib/client/api";
import { FormError } from "@/app/components/form-parts";
import { useServerText } from "@/app/components/use-server-text";

export function RosterPrefillButton({ exerciseId }: { exerciseId: string }) {
  const t = useTranslations("lti");
  const serverText = useServerText();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");

  async function prefill() {
    setBusy(true);
    setError("");
    const result = await callApi<{ added: number; alreadySeated: number }>(`/api/exercises/${exerciseId}/lti/roster`, { body: {} });
    setBusy(false);
    if (!result.ok) return setError(serverText(result.message));
    setDone(t("prefilled", { added: result.data.added, already: result.data.alreadySeated }));
    router.refresh();
  }

  return (
    <div>
      <button type="button" className="button button-secondary" disabled={busy} onClick={() => void prefill()}>
        {busy ? t("prefilling") : t("prefill")}
      </button>
      <p role="status" className="meta">
        {done}
      </p>
      <FormError message={error} />
    </div>
  );
}
