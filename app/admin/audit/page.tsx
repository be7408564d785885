import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { requirePageActor } from "@/server/http/page-session";
import { auditKinds } from "@/server/audit/audit-log.service";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("audit") };
}

const FILTERS = ["exercise", "person", "kind", "from", "to"] as const;

/**
 * The audit trail: admins all of it, a facilitator their exercises'. Filters are a plain
 * GET form, so a filtered view is a link; the CSV link downloads the same selection.
 */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requirePageActor("/admin/audit");
  if (!decide(actor, "audit:read").allowed) notFound();
  const params = await searchParams;
  const filter = Object.fromEntries(FILTERS.flatMap((k) => (params[k] ? [[k, params[k]]] : [])));
  const app = getAppContext();
  const page = await app.services.auditLog.read(actor, { ...filter, ...(params.before ? { before: params.before } : {}), limit: 100 });
  const t = await getTranslations("audit");
  const dateLocale = (await getLocale()) === "fr" ? "fr-FR" : "en-GB";
  const exercises = await app.services.exercises.listRunBy(actor.userId, actor.systemRole === "admin");
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...filter, ...extra }).toString();
  // Message keys cannot hold dots: "sign-in.failed" is found as "sign-in_failed".
  const actionKey = (action: string) => `actions.${action.replace(/\./g, "_")}` as "actions.sign-in";
  const actionName = (action: string) => (t.has(actionKey(action)) ? t(actionKey(action)) : action);

  return (
    <section>
      <div className="page-head">
        <h1>{t("heading")}</h1>
        <a className="button button-secondary" href={`/api/audit?${query({ format: "csv" })}`} download>
          {t("csv")}
        </a>
      </div>
      <p className="meta">{actor.systemRole === "admin" ? t("scopeAll") : t("scopeOwn")}</p>
      <form className="panel filters" action="/admin/audit" aria-label={t("filters")}>
        <div className="field">
          <label htmlFor="audit-exercise">{t("exercise")}</label>
          <select id="audit-exercise" name="exercise" defaultValue={filter.exercise ?? ""}>
            <option value="">{t("any")}</option>
            {exercises.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-kind">{t("kind")}</label>
          <select id="audit-kind" name="kind" defaultValue={filter.kind ?? ""}>
            <option value="">{t("any")}</option>
            {auditKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k.replace(/\.$/, "").replace(/\./g, "_")}` as "kinds.sign-in")}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-person">{t("person")}</label>
          <input id="audit-person" name="person" defaultValue={filter.person ?? ""} placeholder={t("personHint")} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("from")}</label>
          <input id="audit-from" name="from" type="date" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("to")}</label>
          <input id="audit-to" name="to" type="date" defaultValue={filter.to ?? ""} />
        </div>
        <button className="button" type="submit">
          {t("apply")}
        </button>
      </form>
      {!page.ok ? (
        <p role="alert" className="error">
          {t("badFilter")}
        </p>
      ) : page.data.lines.length === 0 ? (
        <p className="panel empty-state">{t("empty")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t("heading")}>
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">{t("when")}</th>
                <th scope="col">{t("what")}</th>
                <th scope="col">{t("who")}</th>
                <th scope="col">{t("about")}</th>
                <th scope="col">{t("exercise")}</th>
              </tr>
            </thead>
            <tbody>
              {page.data.lines.map((l) => (
                <tr key={l.id}>
                  <td data-label={t("when")}>
                    <time dateTime={l.at}>{new Date(l.at).toLocaleString(dateLocale, { dateStyle: "medium", timeStyle: "medium" })}</time>
                  </td>
                  <td data-label={t("what")}>{actionName(l.action)}</td>
                  <td data-label={t("who")}>
                    {l.actorId ? <a href={`/admin/audit?${query({ person: l.actorId })}`}>{l.actor ?? l.actorId}</a> : t("nobody")}
                  </td>
                  <td data-label={t("about")}>
                    {l.targetId && l.targetIsPerson ? (
                      <a href={`/admin/audit?${query({ person: l.targetId })}`}>{l.target}</a>
                    ) : (
                      (l.target ?? "")
                    )}
                  </td>
                  <td data-label={t("exercise")}>
                    {l.exerciseId ? <a href={`/admin/audit?${query({ exercise: l.exerciseId })}`}>{l.exercise ?? l.exerciseId}</a> : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.ok && page.data.next && (
        <p>
          <a href={`/admin/audit?${query({ before: page.data.next })}`}>{t("older")}</a>
        </p>
      )}
    </section>
  );
}
