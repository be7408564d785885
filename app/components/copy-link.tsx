"use client";

// A link to hand on (an invitation, a reset): shown in full, selectable, with a copy
// button that says it copied (politely, to screen readers too).
import { useTranslations } from "next-intl";
import { useState } from "react";

export function CopyLink({ url, label }: { url: string; label: string }) {
  const t = useTranslations("common");
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-link">
      <label>
        {label}
        <input readOnly value={url} onFocus={(e) => e.currentTarget.select()} className="mono" />
      </label>
      <button
        type="button"
        className="button button-secondary"
        onClick={async () => {
          await navigator.clipboard?.writeText(url).catch(() => undefined);
          setCopied(true);
          setTimeout(() => setCopied(false), 4000);
        }}
      >
        {t("copy")}
      </button>
      <span role="status" className="meta">
        {copied ? t("copied") : ""}
      </span>
    </div>
  );
}
