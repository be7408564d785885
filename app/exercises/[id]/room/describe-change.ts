// A proposed change to an agreement in a few words ("amend “Cessation”"), for the room's
// agreement panel and the console's mirror alike; its text is shown as a diff beside it.
import type { useTranslations } from "next-intl";
import type { Change, Clause } from "@/lib/agreements/agreement";

type AgreementT = ReturnType<typeof useTranslations<"agreement">>;

/** `clauses`: the text the change was proposed on, where the clauses it names are found. */
export function describeChange(change: Change, clauses: readonly Clause[], t: AgreementT): string {
  const title = (key: string) => clauses.find((c) => c.key === key)?.title ?? t("change.aClause");
  switch (change.kind) {
    case "add":
      return t("changeShort.add", { title: change.title });
    case "amend":
      return t("changeShort.amend", { title: title(change.clauseKey) });
    case "delete":
      return t("changeShort.delete", { title: title(change.clauseKey) });
    case "reorder":
      return t("changeShort.reorder");
  }
}
