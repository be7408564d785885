"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/lib/client/api";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { useServerText } from "@/app/components/use-server-text";
import type { PlatformSummary } from "@/server/lti/platform.schema";
import { PlatformForm } from "./platform-form";

/** The registered platforms, with change and removal; and the form to register another. */
export function PlatformsAdmin({ platforms }: { platforms: PlatformSummary[] }) {
  const t = useTranslations("lti");
  const serverText = useServerText();
  const router = useRouter();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const done = (message: string) => {
    setNotice(message);
    setEditing(null);
    router.refresh();
  };

  return (
    <>
      <section className="panel" aria-labelledby="platforms-heading">
        <h2 id="platforms-heading">{t("listHeading", { count: platforms.length })}</h2>
        <p role="status" className="meta">
          {notice}
        </p>
        {platforms.length === 0 ? (
          <p className="empty-state">{t("none")}</p>
        ) : (
          <ul className="list">
            {platforms.map((p) => (
              <li key={p.id} className="stack">
                <div className="account-row">
                  <div>
                    <strong>{p.name}</strong> <span className="meta mono">{p.issuer}</span>
                    <br />
                    <span className="meta">
                      {t("clientId")}: <span className="mono">{p.clientId}</span> · {t("deployments", { ids: p.deploymentIds.join(", ") })}
                    </span>
                    <br />
                    <span className="meta">{t("usage", { links: p.links, identities: p.identities })}</span>
                  </div>
                  <div className="account-actions">
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-expanded={editing === p.id}
                      onClick={() => setEditing(editing === p.id ? null : p.id)}
                    >
                      {t("edit")}
                    </button>
                    <ConfirmDialog
                      trigger={
                        <button type="button" className="button button-danger">
                          {t("remove")}
                        </button>
                      }
                      title={t("removeTitle", { name: p.name })}
                      description={<p>{t("removeBody")}</p>}
                      confirmLabel={t("removeConfirm")}
                      busyLabel={t("working")}
                      cancelLabel={t("cancel")}
                      onConfirm={async () => {
                        const result = await callApi<unknown>(`/api/lti/platforms/${p.id}`, { method: "DELETE" });
                        if (!result.ok) return serverText(result.message);
                        done(t("removed", { name: p.name }));
                        return null;
                      }}
                    />
                  </div>
                </div>
                {editing === p.id && (
                  <div className="issued">
                    <h3>{t("editTitle", { name: p.name })}</h3>
                    <PlatformForm id={p.id} initial={p} onDone={(name) => done(t("changed", { name }))} onCancel={() => setEditing(null)} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="register-heading">
        <h2 id="register-heading">{t("register")}</h2>
        <PlatformForm key={platforms.length} onDone={(name) => done(t("registered", { name }))} />
      </section>
    </>
  );
}
