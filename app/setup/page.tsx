import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { SetupForm } from "./setup-form";
import { isSetupToken } from "@/server/auth/setup-token";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("setup") };
}

/** Exists only while Parley has no users at all. */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const app = getAppContext();
  if ((await app.services.users.count()) > 0) notFound();
  const t = await getTranslations("setup");
  const { token } = await searchParams;
  const valid = typeof token === "string" && isSetupToken(app.setupToken, token);
  return (
    <section className="narrow">
      <h1>{t("heading")}</h1>
      {valid ? (
        <>
          <p className="lead">{t("lead")}</p>
          <SetupForm token={token} />
        </>
      ) : (
        <p className="lead" role="status">
          {t("needsToken")}
        </p>
      )}
    </section>
  );
}
