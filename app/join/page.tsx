import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { JoinForm } from "./join-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("join") };
}

export default async function JoinPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { code } = await searchParams;
  const t = await getTranslations("join");
  return (
    <section className="narrow">
      <h1>{t("heading")}</h1>
      <p className="lead">{t("lead")}</p>
      <JoinForm initialCode={typeof code === "string" ? code : ""} />
    </section>
  );
}
