import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("signIn") };
}

/** Only same-site paths are followed after sign-in. */
function safeCallback(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith("/") && !v.startsWith("//") ? v : "/facilitator";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const app = getAppContext();
  if ((await app.services.users.count()) === 0) redirect("/setup");
  const t = await getTranslations("signIn");
  return (
    <section className="narrow">
      <h1>{t("heading")}</h1>
      <p className="lead">{t("lead")}</p>
      <SignInForm
        callbackUrl={safeCallback(params.callbackUrl)}
        {...(app.oidcName ? { oidcName: app.oidcName } : {})}
        {...(params.error ? { initialError: t("failed") } : {})}
      />
      <p>{t.rich("haveCode", { link: (chunks) => <a href="/join">{chunks}</a> })}</p>
    </section>
  );
}
