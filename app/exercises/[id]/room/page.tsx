import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { requirePageActor } from "@/server/http/page-session";
import { BriefCard } from "@/app/components/brief-card";
import { MarkdownText } from "@/app/components/markdown-text";
import { RoomClient } from "./room-client";
import { RemovedNotice } from "../exit-notices";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("room") };
}

export default async function RoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user, actor } = await requirePageActor(`/exercises/${id}/room`, id);
  const result = await getAppContext().services.exerciseFlow.viewFor(actor, id);
  // A participant of this exercise without a seat was removed by the facilitator: say so.
  if (!result.ok && result.code === "forbidden" && user.exerciseId === id) return <RemovedNotice />;
  if (!result.ok) notFound();
  const view = result.data;
  const staff = Boolean(view.roster);
  const t = await getTranslations("room");
  const brief = await getTranslations("brief");
  return (
    <RoomClient
      exerciseId={view.id}
      title={view.title}
      roles={view.scenario.roles.map((r) => ({ key: r.key, name: r.name }))}
      {...(view.roleKey ? { myRole: view.roleKey } : {})}
      staff={staff}
      phases={view.scenario.phases.map((p) => ({ title: p.title, minutes: p.minutes }))}
      drafting={view.scenario.phases.map((p) => p.drafting)}
      permissions={view.scenario.roles.find((r) => r.key === view.roleKey)?.permissions ?? []}
      signatories={view.scenario.signatories}
      background={<MarkdownText text={view.scenario.background} />}
      brief={
        view.scenario.ownBrief ? (
          <BriefCard brief={view.scenario.ownBrief} heading={brief("yours", { name: view.scenario.ownBrief.name })} />
        ) : (
          <p className="meta">{staff ? t("staffBrief") : t("noBriefYet")}</p>
        )
      }
    />
  );
}
