import type { Metadata } from "next";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { pageUser } from "@/server/http/page-session";
import { LocaleSwitcher } from "./components/locale-switcher";
import { SignOutButton } from "./components/sign-out-button";
import "./globals.css";

// Every page depends on who is signed in.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("metadata");
  return {
    title: { default: "Parley", template: "%s · Parley" },
    description: t("description"),
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await pageUser();
  const staff = user?.systemRole === "admin" || user?.systemRole === "facilitator";
  const locale = await getLocale();
  const t = await getTranslations("layout");
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <a href="#main" className="skip-link">
            {t("skipToContent")}
          </a>
          <header className="site-header">
            <a href="/" className="brand">
              Parley
            </a>
            <nav aria-label={t("mainNav")} className="site-nav">
              {(staff || user?.systemRole === "observer") && <a href="/facilitator">{t("myExercises")}</a>}
              {staff && <a href="/scenarios">{t("scenarios")}</a>}
              {user?.systemRole === "admin" && <a href="/admin/users">{t("accounts")}</a>}
              {staff && <a href="/admin/audit">{t("audit")}</a>}
              {!user && <a href="/join">{t("join")}</a>}
              {!user && <a href="/signin">{t("signIn")}</a>}
              {user && <span className="who">{user.name}</span>}
              {user && <SignOutButton />}
              <LocaleSwitcher />
            </nav>
          </header>
          <main id="main" className="site-main">
            {children}
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
