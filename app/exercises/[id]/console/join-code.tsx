"use client";

// The lobby's join code and link, to read out or copy; a new code only after a confirmation,
// since the one people are typing stops working at once.
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { callApi } from "@/lib/client/api";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { CopyLink } from "@/app/components/copy-link";
import { useServerText } from "@/app/components/use-server-text";

export function JoinCode({ exerciseId, code, url }: { exerciseId: string; code: string; url: string | null }) {
  const t = useTranslations("console");
  const serverText = useServerText();
  const router = useRouter();
  return (
    <div className="console-join">
      <p className="console-join-code">
        {t("joinCode")} <strong className="mono">{code}</strong>
      </p>
      {url && <CopyLink url={url} label={t("people.joinLink")} />}
      <ConfirmDialog
        trigger={
          <button type="button" className="link-button">
            {t("newJoinCode")}
          </button>
        }
        title={t("people.rotateTitle")}
        description={<p>{t("people.rotateConsequence", { code })}</p>}
        confirmLabel={t("people.rotateConfirm")}
        busyLabel={t("people.rotating")}
        cancelLabel={t("cancel")}
        destructive={false}
        onConfirm={async () => {
          const result = await callApi<{ joinCode: string }>(`/api/exercises/${exerciseId}/join-code`, { body: {} });
          if (!result.ok) return serverText(result.message);
          router.refresh();
          return null;
        }}
      />
    </div>
  );
}
