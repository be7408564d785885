import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { dateLocale } from "@/i18n/locales";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { requirePageActor } from "@/server/http/page-session";
import { ReportView } from "../report-view";
import type { Translate } from "../evidence-text";
import "../assessment.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("assessment"))("pageTitle") };
}

/**
 * One person's assessment laid out for A4 (the browser's Print to PDF makes the file a
 * student without an account can keep): their own, or anyone's for the facilitator.
 */
export default async function AssessmentPrintPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { id } = await params;
  const { person } = await searchParams;
  const { actor } = await requirePageActor(`/exercises/${id}/assessment/print`, id);
  if (!decide(actor, "exercise:view").allowed) notFound();
  const [t, locale] = await Promise.all([getTranslations("assessment"), getLocale()]);
  const result = await getAppContext().services.assessments.reportFor(actor, id, person ?? actor.userId);
  if (!result.ok || !("criteria" in result.data)) notFound();
  return (
    <div className="assessment-print">
      <ReportView report={result.data} t={t as Translate} locale={dateLocale(locale)} />
    </div>
  );
}
