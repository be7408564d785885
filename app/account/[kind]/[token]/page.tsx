import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { RedeemForm } from "./redeem-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("account") };
}

/** Where an invitation or a password-reset link leads: choose a name and password, once. */
export default async function AccountLinkPage({ params }: { params: Promise<{ kind: string; token: string }> }) {
  const { kind, token } = await params;
  if (kind !== "invite" && kind !== "reset") notFound();
  const t = await getTranslations("accountLink");
  const link = await getAppContext().services.accounts.view(token);
  if (link.state !== "valid" || link.kind !== kind) {
    return (
      <section className="narrow">
        <h1>{t(kind === "invite" ? "inviteHeading" : "resetHeading")}</h1>
        <div className="panel empty-state" role="alert">
          <p>{t(link.state === "valid" ? "unknown" : link.state)}</p>
          <p>{t("askAgain")}</p>
        </div>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>{t(kind === "invite" ? "inviteHeading" : "resetHeading")}</h1>
      <p>
        {kind === "invite"
          ? t("inviteIntro", { email: link.email ?? "", role: t(`roles.${link.role ?? "facilitator"}`) })
          : t("resetIntro", { email: link.email ?? "" })}
      </p>
      <RedeemForm token={token} kind={kind} email={link.email ?? ""} />
    </section>
  );
}
