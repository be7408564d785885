import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { decide } from "@/server/domain/authorization";
import { requirePageActor } from "@/server/http/page-session";
import { DebriefClient } from "./debrief-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("debrief") };
}

export default async function DebriefPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requirePageActor(`/exercises/${id}/debrief`, id);
  if (!decide(actor, "exercise:view").allowed) notFound();
  return <DebriefClient exerciseId={id} staff={decide(actor, "exercise:oversee").allowed} />;
}
