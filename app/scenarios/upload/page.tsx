import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { decide } from "@/server/domain/authorization";
import { requirePageActor } from "@/server/http/page-session";
import { UploadForm } from "./upload-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("uploadScenario") };
}

export default async function UploadPage() {
  const { actor } = await requirePageActor("/scenarios/upload");
  if (!decide(actor, "scenario:upload").allowed) notFound();
  const t = await getTranslations("upload");
  return (
    <section className="narrow">
      <h1>{t("heading")}</h1>
      <p className="lead">{t("lead")}</p>
      <UploadForm />
    </section>
  );
}
