"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/lib/client/api";
import type { AccountSummary, IssuedLink } from "@/server/accounts/account-admin.service";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { CopyLink } from "@/app/components/copy-link";
import { FormError, SubmitButton } from "@/app/components/form-parts";
import { useServerText } from "@/app/components/use-server-text";

const ROLES = ["facilitator", "observer", "admin"] as const;

export function UsersAdmin({ accounts, query, me }: { accounts: AccountSummary[]; query: string; me: string }) {
  const t = useTranslations("accounts");
  const serverText = useServerText();
  const router = useRouter();
  const locale = useLocale();
  const [invite, setInvite] = useState<IssuedLink | null>(null);
  const [reset, setReset] = useState<{ name: string; link: IssuedLink } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(locale === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short" }) : t("never");

  async function sendInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError("");
    const result = await callApi<IssuedLink>("/api/admin/users", {
      body: { email: String(data.get("email") ?? ""), role: String(data.get("role") ?? "") },
    });
    setBusy(false);
    if (!result.ok) return setError(serverText(result.message));
    setInvite(result.data);
    form.reset();
  }

  /** Runs a change; an error message comes back to the dialog or the notice line. */
  async function change(url: string, body: unknown, done: string): Promise<string | null> {
    const result = await callApi<unknown>(url, { body });
    if (!result.ok) return serverText(result.message);
    setNotice(done);
    router.refresh();
    return null;
  }

  return (
    <div className="stack">
      <section className="panel" aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t("invite")}</h2>
        <p className="meta">{t("inviteHint")}</p>
        <form className="inline-form" onSubmit={sendInvite}>
          <div className="field">
            <label htmlFor="invite-email">{t("email")}</label>
            <input id="invite-email" name="email" type="email" required autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="invite-role">{t("role")}</label>
            <select id="invite-role" name="role" defaultValue="facilitator">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <SubmitButton busy={busy} label={t("createLink")} busyLabel={t("creating")} />
        </form>
        <FormError message={error} />
        {invite && (
          <div className="issued">
            <CopyLink url={invite.url} label={t("inviteLink")} />
            <p className="meta">
              {invite.emailed ? t("emailed") : t("notEmailed")} {t("expires", { when: when(invite.expiresAt) })}
            </p>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">{t("list", { count: accounts.length })}</h2>
        <form role="search" className="inline-form" action="/admin/users">
          <div className="field">
            <label htmlFor="account-search">{t("search")}</label>
            <input id="account-search" name="q" type="search" defaultValue={query} />
          </div>
          <button className="button button-secondary" type="submit">
            {t("find")}
          </button>
        </form>
        <p role="status" className="meta">
          {notice}
        </p>
        {reset && (
          <div className="issued">
            <CopyLink url={reset.link.url} label={t("resetLinkFor", { name: reset.name })} />
            <p className="meta">
              {reset.link.emailed ? t("emailed") : t("notEmailed")} {t("expires", { when: when(reset.link.expiresAt) })}
            </p>
          </div>
        )}
        {accounts.length === 0 ? (
          <p className="empty-state">{query ? t("noMatch", { query }) : t("none")}</p>
        ) : (
          <ul className="list accounts-list">
            {accounts.map((a) => (
              <li key={a.id} className={`account-row${a.active ? "" : " is-inactive"}`}>
                <div>
                  <strong>{a.displayName}</strong> <span className="meta">{a.email}</span>
                  {!a.active && <span className="badge badge-ended">{t("inactive")}</span>}
                  {a.sso && <span className="badge">{t("sso")}</span>}
                  <br />
                  <span className="meta">{t("lastSignIn", { when: when(a.lastSignInAt) })}</span>
                </div>
                <div className="account-actions">
                  <label className="visually-hidden" htmlFor={`role-${a.id}`}>
                    {t("roleOf", { name: a.displayName })}
                  </label>
                  <select
                    id={`role-${a.id}`}
                    value={a.role}
                    disabled={a.id === me}
                    onChange={(e) =>
                      void change(
                        `/api/admin/users/${a.id}/role`,
                        { role: e.target.value },
                        t("roleChanged", { name: a.displayName }),
                      ).then((p) => p && setNotice(p))
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </select>
                  {!a.sso && (
                    <button
                      type="button"
                      className="button button-secondary"
                      onClick={async () => {
                        const result = await callApi<IssuedLink>(`/api/admin/users/${a.id}/reset-link`, { body: {} });
                        if (result.ok) setReset({ name: a.displayName, link: result.data });
                        else setNotice(serverText(result.message));
                      }}
                    >
                      {t("resetLink")}
                    </button>
                  )}
                  <a className="button button-secondary" href={`/api/admin/users/${a.id}/export`} download>
                    {t("export")}
                  </a>
                  {a.id !== me && (
                    <ConfirmDialog
                      trigger={
                        <button type="button" className="button button-danger">
                          {t("erase")}
                        </button>
                      }
                      title={t("eraseTitle", { name: a.displayName })}
                      description={<p>{t("eraseBody")}</p>}
                      typeToConfirm={{ label: t("eraseType", { name: a.displayName }), expected: a.displayName }}
                      confirmLabel={t("eraseConfirm")}
                      busyLabel={t("working")}
                      cancelLabel={t("cancel")}
                      onConfirm={(typed) =>
                        change(`/api/admin/users/${a.id}/erase`, { confirm: typed }, t("erased", { name: a.displayName }))
                      }
                    />
                  )}
                  {a.id !== me &&
                    (a.active ? (
                      <ConfirmDialog
                        trigger={
                          <button type="button" className="button button-danger">
                            {t("deactivate")}
                          </button>
                        }
                        title={t("deactivateTitle", { name: a.displayName })}
                        description={<p>{t("deactivateBody")}</p>}
                        confirmLabel={t("deactivateConfirm")}
                        busyLabel={t("working")}
                        cancelLabel={t("cancel")}
                        onConfirm={() =>
                          change(`/api/admin/users/${a.id}/active`, { active: false }, t("deactivated", { name: a.displayName }))
                        }
                      />
                    ) : (
                      <button
                        type="button"
                        className="button button-secondary"
                        onClick={() =>
                          void change(`/api/admin/users/${a.id}/active`, { active: true }, t("reactivated", { name: a.displayName })).then(
                            (p) => p && setNotice(p),
                          )
                        }
                      >
                        {t("reactivate")}
                      </button>
                    ))}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
