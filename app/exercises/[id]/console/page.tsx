import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { RosterPersonDto } from "@/lib/contract/events";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { formatJoinCode } from "@/server/auth/join-code";
import { requirePageActor } from "@/server/http/page-session";
import { ConsoleClient } from "./console-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("console") };
}

/** A roster row as the live roster carries it (rows of an unknown seat are left out). */
function asPerson(entry: { userId: string; displayName: string; seat: string; roleKey: string | null }): RosterPersonDto[] {
  const { seat } = entry;
  return seat === "participant" || seat === "observer" || seat === "facilitator" ? [{ ...entry, seat }] : [];
}

export default async function ConsolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requirePageActor(`/exercises/${id}/console`, id);
  if (!decide(actor, "exercise:manage").allowed) notFound();
  const app = getAppContext();
  const result = await app.services.exerciseFlow.viewFor(actor, id);
  if (!result.ok || !result.data.roster) notFound();
  const view = result.data;
  const roster = result.data.roster;
  const removed = await app.services.assignments.listRemoved(id);
  const roles = view.scenario.roles.map((r) => ({ key: r.key, name: r.name }));
  const phases = view.scenario.phases.map((p) => ({ key: p.key, title: p.title, minutes: p.minutes }));
  return (
    <ConsoleClient
      room={{
        exerciseId: view.id,
        title: view.title,
        roles,
        staff: true,
        phases,
        signatories: view.scenario.signatories,
        background: null,
        brief: null,
      }}
      side={{
        exerciseId: view.id,
        roles,
        roster: roster.flatMap(asPerson),
        removed: removed.flatMap(asPerson),
        injects: view.scenario.injects ?? [],
        phases,
        signatories: view.scenario.signatories,
        joinCode: view.joinCode ? formatJoinCode(view.joinCode) : null,
        // Built from PUBLIC_URL, never from the request's Host header (which a client chooses).
        joinUrl: view.joinCode && view.status !== "ended" ? `${app.publicUrl}/join?code=${view.joinCode}` : null,
        auditUrl: decide(actor, "audit:read").allowed ? `/admin/audit?exercise=${encodeURIComponent(view.id)}` : null,
      }}
    />
  );
}
