import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { formatJoinCode } from "@/server/auth/join-code";
import { requirePageActor } from "@/server/http/page-session";
import { ConsoleClient } from "./console-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("console") };
}

export default async function ConsolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requirePageActor(`/exercises/${id}/console`, id);
  if (!decide(actor, "exercise:manage").allowed) notFound();
  const app = getAppContext();
  const result = await app.services.exerciseFlow.viewFor(actor, id);
  if (!result.ok || !result.data.roster) notFound();
  const view = result.data;
  const removed = await app.services.assignments.listRemoved(id);
  const roles = view.scenario.roles.map((r) => ({ key: r.key, name: r.name }));
  return (
    <ConsoleClient
      room={{
        exerciseId: view.id,
        title: view.title,
        roles,
        staff: true,
        phases: view.scenario.phases.map((p) => ({ title: p.title, minutes: p.minutes })),
        background: null,
        brief: null,
      }}
      side={{
        exerciseId: view.id,
        roles,
        roster: view.roster ?? [],
        removed,
        injects: view.scenario.injects ?? [],
        phases: view.scenario.phases.map((p) => ({ key: p.key, title: p.title })),
        joinCode: view.joinCode ? formatJoinCode(view.joinCode) : null,
      }}
    />
  );
}
