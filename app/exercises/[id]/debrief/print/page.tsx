import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { transcriptOf } from "@/server/debrief/transcript-model";
import { requirePageActor } from "@/server/http/page-session";
import { TranscriptView, type Translate } from "./transcript-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("transcript") };
}

/** A print-ready transcript in the viewer's perspective (use the browser's Print to PDF). */
export default async function PrintPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id } = await params;
  const { as } = await searchParams;
  const { actor } = await requirePageActor(`/exercises/${id}/debrief/print`, id);
  if (!decide(actor, "exercise:view").allowed || (as && !decide(actor, "exercise:oversee").allowed)) notFound();
  const data = await getAppContext().services.replay.build(actor, id, as);
  if (!data) notFound();
  const [t, status] = await Promise.all([getTranslations("debrief.printout"), getTranslations("exerciseStatus")]);
  return <TranscriptView transcript={transcriptOf(data)} t={t as Translate} status={status as Translate} />;
}
