// A proposed change to an agreement in words, for the room's agreement panel and the
// console's mirror alike.
import type { useTranslations } from "next-intl";
import type { Change, Clause } from "@/lib/agreements/agreement";

type AgreementT = ReturnType<typeof useTranslations<"agreement">>;

export function describeChange(change: Change, clauses: Clause[], t: AgreementT): string {
  const title = (key: string) => clauses.find((c) => c.key === key)?.title ?? t("change.aClause");
  switch (change.kind) {
    case "add":
      return t("change.add", { title: change.title, text: change.text });
    case "amend":
      return t("change.amend", { title: title(change.clauseKey), text: change.text });
    case "delete":
      return t("change.delete", { title: title(change.clauseKey) });
    case "reorder":
      return t("change.reorder");
  }
}
