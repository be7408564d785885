"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { callApi } from "@/lib/client/api";
import { useServerText } from "@/app/components/use-server-text";

export function OpenLobbyButton({ exerciseId }: { exerciseId: string }) {
  const t = useTranslations("exercise");
  const serverText = useServerText();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <div>
      <button
        className="button"
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const result = await callApi(`/api/exercises/${exerciseId}/lobby`, { body: {} });
          if (result.ok) window.location.reload();
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

export function RoleSelect({
  exerciseId,
  userId,
  current,
  roles,
  label,
}: {
  exerciseId: string;
  userId?: string;
  current: string | null;
  roles: { key: string; name: string }[];
  label: string;
}) {
  const t = useTranslations("exercise");
  const serverText = useServerText();
  const [error, setError] = useState("");
  const [value, setValue] = useState(current ?? "");
  return (
    <span className="role-select">
      <select
        aria-label={label}
        value={value}
        onChange={async (event) => {
          const roleKey = event.target.value;
          if (!roleKey) return;
          setValue(roleKey);
          setError("");
          const result = await callApi(`/api/exercises/${exerciseId}/roles`, { body: userId ? { roleKey, userId } : { roleKey } });
          if (result.ok) window.location.reload();
          else {
            setValue(current ?? "");
            setError(serverText(result.message));
          }
        }}
      >
        <option value="">{t("chooseRoleOption")}</option>
        {roles.map((r) => (
          <option key={r.key} value={r.key}>
            {r.name}
          </option>
        ))}
      </select>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </span>
  );
}
