"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";

/** What someone sees instead of an exercise they can no longer enter. */
function ExitNotice({ id, title, body, backHome }: { id: string; title: string; body: string; backHome: string }) {
  return (
    <section className="panel removed-notice" role="alert" aria-labelledby={id}>
      <h1 id={id}>{title}</h1>
      <p>{body}</p>
      <p>
        <Link className="button button-secondary" href="/">
          {backHome}
        </Link>
      </p>
    </section>
  );
}

/** The exercise was deleted. */
export function DeletedNotice() {
  const t = useTranslations("dataRights");
  return <ExitNotice id="deleted-heading" title={t("deletedTitle")} body={t("deletedBody")} backHome={t("backHome")} />;
}

/** The facilitator removed this participant. */
export function RemovedNotice() {
  const t = useTranslations("room");
  return <ExitNotice id="removed-heading" title={t("removedTitle")} body={t("removedBody")} backHome={t("backHome")} />;
}
