import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { requirePageActor } from "@/server/http/page-session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("scenarios") };
}

export default async function ScenariosPage() {
  const { actor } = await requirePageActor("/scenarios");
  if (!decide(actor, "scenario:browse").allowed) notFound();
  const scenarios = await getAppContext().services.catalog.list();
  const t = await getTranslations("scenarios");
  return (
    <section>
      <div className="page-head">
        <h1>{t("heading")}</h1>
        <Link className="button button-secondary" href="/scenarios/upload">
          {t("upload")}
        </Link>
      </div>
      {scenarios.length === 0 ? (
        <p className="panel empty-state">{t("empty")}</p>
      ) : (
        <ul className="card-list">
          {scenarios.map((s) => (
            <li key={s.id} className="card">
              <h2 className="card-title">
                <a href={`/scenarios/${s.id}`}>{s.title}</a>
              </h2>
              <p>{s.summary}</p>
              <p className="meta">
                {t("meta", { roles: s.roles.length, phases: s.phases, minutes: s.minutes, uploaded: s.source === "upload" ? "yes" : "no" })}
              </p>
              <p className="meta">{s.roles.map((r) => r.name).join(" · ")}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
