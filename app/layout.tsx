import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { pageUser } from "@/server/http/page-session";
import { LocaleSwitcher } from "./components/locale-switcher";
import { SignOutButton } from "./components/sign-out-button";
import { SiteMenu } from "./components/site-menu";
import { NoticeProvider } from "./components/notices";
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
  const lti = await getTranslations("lti");
  const links = [
    ...(staff || user?.systemRole === "observer" ? [{ href: "/facilitator", label: t("myExercises") }] : []),
    ...(staff ? [{ href: "/scenarios", label: t("scenarios") }] : []),
    ...(user?.systemRole === "admin" ? [{ href: "/admin/users", label: t("accounts") }] : []),
    ...(user?.systemRole === "admin" ? [{ href: "/admin/lti", label: lti("menu") }] : []),
    ...(staff ? [{ href: "/admin/audit", label: t("audit") }] : []),
    ...(!user
      ? [
          { href: "/join", label: t("join") },
          { href: "/signin", label: t("signIn") },
        ]
      : []),
  ];
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <NoticeProvider>
            <a href="#main" className="skip-link">
              {t("skipToContent")}
            </a>
            <header className="site-header">
              <Link href="/" className="brand">
                Parley
              </Link>
              <nav aria-label={t("mainNav")} className="site-nav">
                {links.map((l) => (
                  <a key={l.href} href={l.href}>
                    {l.label}
                  </a>
                ))}
                {user && <span className="who">{user.name}</span>}
                {user && <SignOutButton />}
                <LocaleSwitcher />
              </nav>
              <SiteMenu links={links} signedIn={Boolean(user)} {...(user ? { name: user.name } : {})} />
            </header>
            <main id="main" className="site-main">
              {children}
            </main>
          </NoticeProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
