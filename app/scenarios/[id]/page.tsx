import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { requirePageActor } from "@/server/http/page-session";
import { BriefCard } from "@/app/components/brief-card";
import { MarkdownText } from "@/app/components/markdown-text";
import { CreateExerciseForm } from "./create-exercise-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("scenario") };
}

export default async function ScenarioPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requirePageActor(`/scenarios/${id}`);
  if (!decide(actor, "scenario:read-all-briefs").allowed) notFound();
  const scenario = await getAppContext().services.catalog.full(id);
  if (!scenario) notFound();
  const minutes = scenario.phases.reduce((sum, p) => sum + p.minutes, 0);
  const t = await getTranslations("scenario");
  return (
    <div className="split">
      <section>
        <p className="meta">
          <Link href="/scenarios">{t("breadcrumb")}</Link> ›
        </p>
        <h1>{scenario.title}</h1>
        <p className="lead">{scenario.summary}</p>
        <h2>{t("background")}</h2>
        <MarkdownText text={scenario.background} />
        <h2>{t("roles")}</h2>
        <dl className="roles">
          {scenario.roles.map((r) => (
            <div key={r.key}>
              <dt>{r.name}</dt>
              <dd>
                <MarkdownText text={r.profile} />
              </dd>
            </div>
          ))}
        </dl>
        <h2>{t("phases", { minutes })}</h2>
        <ol className="phases">
          {scenario.phases.map((p) => (
            <li key={p.key}>
              <strong>{p.title}</strong>{" "}
              {t("phaseLine", { minutes: p.minutes, channels: p.channels.map((c) => t(`channelKind.${c}`)).join(", ") })}
              {p.drafting ? t("drafting") : ""}
            </li>
          ))}
        </ol>
        <h2>{t("briefs")}</h2>
        <p className="hint">{t("briefsHint")}</p>
        {scenario.allBriefs?.map((b) => (
          <BriefCard key={b.roleKey} brief={b} />
        ))}
      </section>
      <aside>
        <CreateExerciseForm scenarioId={scenario.id} defaultTitle={scenario.title} />
      </aside>
    </div>
  );
}
