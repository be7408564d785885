import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { dateLocale } from "@/i18n/locales";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { requirePageActor } from "@/server/http/page-session";
import { AssessmentDesk } from "./assessment-desk";
import { ReportView } from "./report-view";
import type { Translate } from "./evidence-text";
import "./assessment.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("assessment"))("pageTitle") };
}

/** The facilitator's assessment desk, or a participant's own assessment once released. */
export default async function AssessmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requirePageActor(`/exercises/${id}/assessment`, id);
  if (!decide(actor, "exercise:view").allowed) notFound();
  const { assessments } = getAppContext().services;
  if (await assessments.canAssess(actor, id)) return <AssessmentDesk exerciseId={id} />;
  const [t, locale] = await Promise.all([getTranslations("assessment"), getLocale()]);
  if (actor.seats.some((s) => s.seat === "observer")) return <p className="empty-state panel">{t("observersNotAllowed")}</p>;
  const result = await assessments.reportFor(actor, id, actor.userId);
  if (!result.ok && result.code === "not_found") {
    return <p className="empty-state panel">{t("noRole")}</p>;
  }
  if (!result.ok) notFound();
  if (!("criteria" in result.data)) {
    return (
      <section className="panel empty-state" role="status">
        <h1>{t("pageTitle")}</h1>
        <p>{t("pending")}</p>
        <Link href={`/exercises/${id}/debrief`}>{t("toDebrief")}</Link>
      </section>
    );
  }
  return (
    <div className="assessment-page">
      <nav className="report-actions" aria-label={t("actions")}>
        <Link href={`/exercises/${id}/debrief`}>{t("toDebrief")}</Link>
        <Link className="button button-secondary" href={`/exercises/${id}/assessment/print`}>
          {t("print")}
        </Link>
      </nav>
      <ReportView report={result.data} t={t as Translate} locale={dateLocale(locale)} />
    </div>
  );
}
