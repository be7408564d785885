"use client";

// A button that copies a short text (the join code) and says so politely; if the browser
// refuses, it says to copy by hand. For a whole link, CopyLink shows it in a field too.
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useTranslations("lobby");
  const [outcome, setOutcome] = useState<"copied" | "failed" | null>(null);
  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(null), 4000);
    return () => clearTimeout(timer);
  }, [outcome]);
  return (
    <span className="copy-button">
      <button
        type="button"
        className="button button-secondary"
        onClick={async () => {
          const copied = await navigator.clipboard?.writeText(text).then(
            () => true,
            () => false,
          );
          setOutcome(copied ? "copied" : "failed");
        }}
      >
        {label}
      </button>
      <span role="status" className="meta">
        {outcome === "copied" ? t("codeCopied") : outcome === "failed" ? t("copyFailed") : ""}
      </span>
    </span>
  );
}
