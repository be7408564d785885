"use client";

import { useTranslations } from "next-intl";

/** What people in a deleted exercise see instead of a room that no longer exists. */
export function DeletedNotice() {
  const t = useTranslations("dataRights");
  return (
    <section className="panel removed-notice" role="alert" aria-labelledby="deleted-heading">
      <h1 id="deleted-heading">{t("deletedTitle")}</h1>
      <p>{t("deletedBody")}</p>
      <p>
        <a className="button button-secondary" href="/">
          {t("backHome")}
        </a>
      </p>
    </section>
  );
}
