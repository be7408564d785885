import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { requirePageActor } from "@/server/http/page-session";
import { UsersAdmin } from "./users-admin";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("accounts") };
}

/** Administrators: accounts, invitations, roles, deactivation, password resets. */
export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requirePageActor("/admin/users");
  if (!decide(actor, "accounts:manage").allowed) notFound();
  const { q } = await searchParams;
  const listed = await getAppContext().services.accounts.list(actor, { q });
  const t = await getTranslations("accounts");
  return (
    <section>
      <div className="page-head">
        <h1>{t("heading")}</h1>
      </div>
      <UsersAdmin accounts={listed.ok ? listed.data : []} query={q ?? ""} me={actor.userId} />
    </section>
  );
}
