import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { transcriptOf } from "@/server/debrief/transcript-model";
import { timeZoneSchema, transcriptWords } from "@/server/debrief/transcript-words";
import { requirePageActor } from "@/server/http/page-session";
import { TranscriptView } from "./transcript-view";
import "./print.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("transcript") };
}

/**
 * A print-ready transcript in the viewer's perspective and language (use the browser's Print
 * to PDF: the page is laid out for A4). Times are UTC, or in the zone `?tz=` names; a zone
 * Parley does not know falls back to UTC, which every time then says.
 */
export default async function PrintPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { id } = await params;
  const { as, tz } = await searchParams;
  const { actor } = await requirePageActor(`/exercises/${id}/debrief/print`, id);
  if (!decide(actor, "exercise:view").allowed || (as && !decide(actor, "exercise:oversee").allowed)) notFound();
  const data = await getAppContext().services.replay.build(actor, id, as);
  if (!data) notFound();
  const zone = (tz === undefined ? undefined : timeZoneSchema.safeParse(tz).data) ?? "UTC";
  return <TranscriptView transcript={transcriptOf(data)} words={transcriptWords(await getLocale(), zone)} />;
}
