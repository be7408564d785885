// The grades as a spreadsheet: one row per person, one column per criterion (criteria for
// every role first, then each role's own, named with the role), then total and feedback.
import { stringify } from "csv-stringify/sync";
import type { Locale } from "../../i18n/locales";
import type { AssessmentDesk } from "./assessment.service";

const HEADERS: Record<
  Locale,
  { name: string; role: string; total: string; max: string; feedback: string; status: string; lms: string; released: string; draft: string }
> = {
  en: {
    name: "Name",
    role: "Role",
    total: "Total",
    max: "Out of",
    feedback: "Feedback",
    status: "Status",
    lms: "LMS",
    released: "released",
    draft: "draft",
  },
  fr: {
    name: "Nom",
    role: "Rôle",
    total: "Total",
    max: "Sur",
    feedback: "Commentaire",
    status: "Statut",
    lms: "LMS",
    released: "publiée",
    draft: "brouillon",
  },
};

/** A byte-order mark first, so that spreadsheet programs read the file as UTF-8. */
const BOM = "\uFEFF";

export function gradesCsv(desk: AssessmentDesk, locale: Locale): string {
  const h = HEADERS[locale];
  const columns: { key: string; roleKey: string | null; title: string }[] = [];
  const seen = new Set<string>();
  // A criterion every role has comes once; a role's own criterion is named with the role.
  const shared = new Set(
    desk.people.length ? desk.people.map((p) => p.criteria.map((c) => c.key)).reduce((a, b) => a.filter((k) => b.includes(k))) : [],
  );
  for (const person of desk.people) {
    for (const c of person.criteria) {
      const own = !shared.has(c.key);
      const id = own ? `${person.person.roleKey}/${c.key}` : c.key;
      if (seen.has(id)) continue;
      seen.add(id);
      columns.push({
        key: c.key,
        roleKey: own ? person.person.roleKey : null,
        title: own ? `${person.person.roleName}: ${c.title}` : c.title,
      });
    }
  }
  const rows = desk.people.map((p) => [
    p.person.name,
    p.person.roleName,
    ...columns.map((col) => {
      if (col.roleKey !== null && col.roleKey !== p.person.roleKey) return "";
      const points = p.criteria.find((c) => c.key === col.key)?.points;
      return points === null || points === undefined ? "" : String(points);
    }),
    String(p.total.given),
    String(p.total.max),
    p.feedback,
    p.status === "released" ? h.released : h.draft,
    p.grade?.status ?? "",
  ]);
  return (
    BOM +
    stringify(rows, {
      header: true,
      columns: [h.name, h.role, ...columns.map((c) => c.title), h.total, h.max, h.feedback, h.status, h.lms],
      escape_formulas: true,
    })
  );
}
