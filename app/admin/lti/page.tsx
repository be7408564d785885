import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { requirePageActor } from "@/server/http/page-session";
import { PlatformsAdmin } from "./platforms-admin";
import { ToolConfigurationPanel } from "./tool-configuration";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("lti"))("metadataAdmin") };
}

/** Administrators: the LMS platforms Parley trusts (LTI 1.3), and what to copy into them. */
export default async function LtiAdminPage() {
  const { actor } = await requirePageActor("/admin/lti");
  if (!decide(actor, "lti:manage").allowed) notFound();
  const lti = getAppContext().services.lti;
  const listed = await lti.platforms.list(actor);
  const t = await getTranslations("lti");
  return (
    <section>
      <div className="page-head">
        <h1>{t("heading")}</h1>
      </div>
      <div className="stack">
        <p className="lead">{t("intro")}</p>
        <ToolConfigurationPanel configuration={lti.configuration()} />
        <PlatformsAdmin platforms={listed.ok ? listed.data : []} />
      </div>
    </section>
  );
}
