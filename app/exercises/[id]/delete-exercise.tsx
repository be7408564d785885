"use client";

// The facilitator's danger zone: deleting the exercise with everything of it, after a
// confirmation in which they type the exercise's title (the shared ConfirmDialog).
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { callApi } from "@/lib/client/api";
import { useServerText } from "@/app/components/use-server-text";
import { ConfirmDialog } from "@/app/components/confirm-dialog";

interface Props {
  exerciseId: string;
  title: string;
  /** Running or paused: it is ended first. */
  live: boolean;
}

export function DeleteExercise({ exerciseId, title, live }: Props) {
  const t = useTranslations("dataRights");
  const serverText = useServerText();
  const router = useRouter();

  return (
    <section className="panel danger-zone" aria-labelledby="danger-heading">
      <h2 id="danger-heading">{t("dangerZone")}</h2>
      <p>{live ? t("endFirst") : t("deleteHint")}</p>
      <ConfirmDialog
        trigger={
          <button className="button button-danger" type="button" disabled={live}>
            {t("deleteExercise")}
          </button>
        }
        title={t("deleteTitle", { title })}
        description={<p>{t("deleteBody")}</p>}
        typeToConfirm={{ label: t("typeTitle", { title }), expected: title }}
        confirmLabel={t("deleteForever")}
        busyLabel={t("deleting")}
        cancelLabel={t("cancel")}
        onConfirm={async (typed) => {
          const result = await callApi<unknown>(`/api/exercises/${exerciseId}`, { method: "DELETE", body: { confirm: typed } });
          if (!result.ok) return serverText(result.message);
          router.push("/facilitator");
          return null;
        }}
      />
    </section>
  );
}
