import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { SetupForm } from "./setup-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("setup") };
}

/** Exists only while Parley has no users at all. */
export default async function SetupPage() {
  if ((await getAppContext().services.users.count()) > 0) notFound();
  const t = await getTranslations("setup");
  return (
    <section className="narrow">
      <h1>{t("heading")}</h1>
      <p className="lead">{t("lead")}</p>
      <SetupForm />
    </section>
  );
}
