"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { callApi } from "@/lib/client/api";
import { useServerText } from "@/app/components/use-server-text";

export function OpenLobbyButton({ exerciseId }: { exerciseId: string }) {
  const t = useTranslations("exercise");
  const serverText = useServerText();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  return (
    <div>
      <button
        className="button"
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const result = await callApi(`/api/exercises/${exerciseId}/lobby`, { body: {} });
          if (result.ok) router.refresh();
          else {
            setBusy(false);
            setError(serverText(result.message));
          }
        }}
      >
        {busy ? t("opening") : t("openLobby")}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
