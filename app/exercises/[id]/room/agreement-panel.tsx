"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import type { Change } from "@/lib/agreements/agreement";
import { agreementsFrom, decidedAmendments, type AgreementView } from "@/lib/agreements/agreement-state";
import { DecidedAmendments, PendingAmendment, useWho } from "./agreement-history";
import { AgreementVersions } from "./agreement-versions";
import { AddClause, ClauseEditor } from "./agreement-editors";
import { AgreementVotes } from "./agreement-votes";
import { ClauseThread, threadsOf } from "./clause-thread";
import type { ChannelDto } from "@/lib/contract/events";
import type { useExercise } from "./use-exercise";
import { useServerText } from "@/app/components/use-server-text";
import dynamic from "next/dynamic";

/** The confirmation's dialog code loads only where a signature or withdrawal is offered. */
const ConfirmDialog = dynamic(() => import("@/app/components/confirm-dialog").then((m) => m.ConfirmDialog));

type Live = ReturnType<typeof useExercise>;

interface Props {
  live: Live;
  myRole?: string;
  permissions: string[];
  signatories: string[];
  roleName: (key?: string) => string;
  channel?: ChannelDto;
  drafting: boolean;
  /** Shown as the wide document (on a desk), or in the side pane. */
  wide?: boolean;
  onWide?: (wide: boolean) => void;
}

export function AgreementPanel({ live, myRole, permissions, signatories, roleName, channel, drafting, wide = false, onWide }: Props) {
  const t = useTranslations("agreement");
  const serverText = useServerText();
  const agreements = useMemo(() => [...agreementsFrom(live.events).values()], [live.events]);
  const [selectedId, setSelectedId] = useState<string>("");
  const [message, setMessage] = useState("");
  const selected = agreements.find((a) => a.id === selectedId) ?? agreements.at(-1);
  async function startDraft() {
    if (!channel) return;
    const result = await live.command("agreement:create", { channelId: channel.id, fromTemplate: true });
    if (!result.ok) setMessage(serverText(result.message));
    else setSelectedId(result.data.agreementId);
  }

  const canStart = Boolean(
    myRole &&
    drafting &&
    channel &&
    channel.kind !== "announcements" &&
    !channel.closed &&
    (permissions.includes("propose-amendment") || permissions.includes("table-draft")),
  );

  return (
    <section className={`agreement${wide ? " is-wide" : ""}`} aria-label={t("label")}>
      <div className="agreement-head">
        <h2 className="small-heading">{t("heading")}</h2>
        {onWide && selected && (
          <button type="button" className="link-button agreement-widen" aria-pressed={wide} onClick={() => onWide(!wide)}>
            {wide ? t("backToSide") : t("openDocument")}
          </button>
        )}
      </div>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      {agreements.length === 0 ? (
        <p className="meta">
          {t("noDraft")}
          {canStart ? "" : ` ${t("startedInDrafting")}`}
        </p>
      ) : (
        agreements.length > 1 && (
          <label className="inline-label">
            {t("draft")}{" "}
            <select value={selected?.id ?? ""} onChange={(e) => setSelectedId(e.target.value)}>
              {agreements.map((a) => (
                <option key={a.id} value={a.id}>
                  {t("option", { title: a.title, status: t(`status.${a.status}`) })}
                </option>
              ))}
            </select>
          </label>
        )
      )}
      {canStart && (
        <button type="button" className="button button-secondary" onClick={() => void startDraft()}>
          {t("startDraft")}
        </button>
      )}
      {selected && (
        <AgreementView
          key={selected.id}
          agreement={selected}
          live={live}
          {...(myRole ? { myRole } : {})}
          permissions={permissions}
          signatories={signatories}
          roleName={roleName}
          drafting={drafting}
          onMessage={setMessage}
        />
      )}
    </section>
  );
}

function AgreementView({
  agreement: a,
  live,
  myRole,
  permissions,
  signatories,
  roleName,
  drafting,
  onMessage,
}: {
  agreement: AgreementView;
  live: Live;
  myRole?: string;
  permissions: string[];
  signatories: string[];
  roleName: (key?: string) => string;
  drafting: boolean;
  onMessage: (m: string) => void;
}) {
  const t = useTranslations("agreement");
  const serverText = useServerText();
  const [editing, setEditing] = useState<string | null>(null);
  const open = a.status === "draft" || a.status === "tabled";
  const canEdit = Boolean(myRole && open && drafting);
  const decides = Boolean(myRole && (a.tabledBy === myRole || permissions.includes("decide-amendment")));
  async function propose(change: Change, reason?: string): Promise<boolean> {
    const result = await live.command("agreement:propose", {
      agreementId: a.id,
      baseVersion: a.version,
      change,
      ...(reason ? { reason } : {}),
    });
    if (!result.ok) {
      onMessage(serverText(result.message));
      return false;
    }
    onMessage(result.data.amendmentId ? t("proposed") : "");
    return true;
  }

  async function call(run: () => Promise<{ ok: true } | { ok: false; message: string }>) {
    const result = await run();
    onMessage(!result.ok ? (serverText(result.message) ?? t("refused")) : "");
  }

  const signedCurrent = new Set(a.signatures.filter((s) => s.version === a.version).map((s) => s.roleKey));
  const signedEarlier = (role: string) => a.signatures.filter((s) => s.roleKey === role && s.version !== a.version).map((s) => s.version);
  const pending = a.amendments.filter((m) => m.status === "pending");
  const decided = decidedAmendments(a);
  const who = useWho(roleName, live.roster);
  const threads = useMemo(() => threadsOf(live.events, a.id), [live.events, a.id]);
  const pendingPosts = live.outbox.flatMap((e) =>
    e.name === "message:send" && isThreadOf(e.input.clause, a.id)
      ? [{ clauseKey: e.input.clause.clauseKey, body: String(e.input.body) }]
      : [],
  );
  const home = live.channels.find((c) => c.id === a.channelId);
  /** Why this viewer cannot post in the agreement's threads now, or undefined where they never do. */
  const threadBlocked =
    !myRole || !home?.members.includes(myRole)
      ? undefined
      : live.status !== "running"
        ? t("thread.notRunning")
        : !home.open
          ? t("thread.closed")
          : null;

  return (
    <article className="agreement-view">
      <h3>
        {a.title} <span className={`badge badge-agreement-${a.status}`}>{t(`status.${a.status}`)}</span>
      </h3>
      <p className="meta">
        {t("version", { version: a.version })}
        {a.status === "draft" && t("privateDraft")}
        {a.tabledBy && t("tabledBy", { role: roleName(a.tabledBy) })}
      </p>

      <div className="signature-bar" aria-label={t("signatures")}>
        {signatories.map((role) => (
          <span key={role} className={`signature${signedCurrent.has(role) ? " is-signed" : ""}`}>
            {t("signatureLine", {
              role: roleName(role),
              state: signedCurrent.has(role)
                ? t("signedThis", { version: a.version })
                : signedEarlier(role).length > 0
                  ? t("signedEarlier", { versions: signedEarlier(role).join(", v") })
                  : t("notSigned"),
            })}
          </span>
        ))}
      </div>

      <ol className="clauses">
        {a.clauses.map((clause, index) => (
          <li key={clause.key}>
            <strong>{clause.title}</strong>
            {editing === clause.key ? (
              <ClauseEditor
                clause={clause}
                onCancel={() => setEditing(null)}
                onSave={async (text, reason) => {
                  if (await propose({ kind: "amend", clauseKey: clause.key, text }, reason)) setEditing(null);
                }}
              />
            ) : (
              <p dir="auto">{clause.text}</p>
            )}
            {canEdit && editing !== clause.key && (
              <span className="clause-actions">
                <button type="button" className="link-button" onClick={() => setEditing(clause.key)}>
                  {t("amend")}
                </button>
                <button type="button" className="link-button" onClick={() => void propose({ kind: "delete", clauseKey: clause.key })}>
                  {t("delete")}
                </button>
                {index > 0 && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      const order = a.clauses.map((c) => c.key);
                      [order[index - 1], order[index]] = [order[index]!, order[index - 1]!];
                      void propose({ kind: "reorder", order });
                    }}
                  >
                    {t("moveUp")}
                  </button>
                )}
              </span>
            )}
            <ClauseThread
              exerciseId={live.joined?.exerciseId ?? ""}
              agreementId={a.id}
              clause={clause}
              messages={threads.get(clause.key) ?? []}
              pending={pendingPosts.filter((p) => p.clauseKey === clause.key).map((p) => p.body)}
              blocked={threadBlocked}
              onPost={(body) =>
                void live.command("message:send", { channelId: a.channelId!, body, clause: { agreementId: a.id, clauseKey: clause.key } })
              }
            />
          </li>
        ))}
      </ol>
      {canEdit && <AddClause onAdd={(title, text) => propose({ kind: "add", title, text })} />}

      {pending.length > 0 && (
        <div className="amendments">
          <h4>{t("proposedAmendments")}</h4>
          <ul>
            {pending.map((m) => (
              <PendingAmendment
                key={m.id}
                agreement={a}
                amendment={m}
                who={who}
                {...(decides
                  ? {
                      actions: (describedBy: string, stale: boolean) => (
                        <>
                          <button
                            type="button"
                            className="button"
                            aria-describedby={describedBy}
                            disabled={stale}
                            onClick={() =>
                              void call(() => live.command("agreement:decide", { agreementId: a.id, amendmentId: m.id, accept: true }))
                            }
                          >
                            {t("accept")}
                          </button>{" "}
                          <button
                            type="button"
                            className="button button-secondary"
                            aria-describedby={describedBy}
                            onClick={() =>
                              void call(() => live.command("agreement:decide", { agreementId: a.id, amendmentId: m.id, accept: false }))
                            }
                          >
                            {t("reject")}
                          </button>
                        </>
                      ),
                    }
                  : {})}
              />
            ))}
          </ul>
        </div>
      )}

      <AgreementVotes
        agreement={a}
        {...(myRole ? { myRole } : {})}
        decides={decides}
        roleName={roleName}
        command={live.command}
        onMessage={onMessage}
      />

      <div className="agreement-actions">
        {a.status === "draft" && myRole && permissions.includes("table-draft") && (
          <button type="button" className="button" onClick={() => void call(() => live.command("agreement:table", { agreementId: a.id }))}>
            {t("table")}
          </button>
        )}
        {a.status === "tabled" && myRole && signatories.includes(myRole) && !signedCurrent.has(myRole) && (
          <ConfirmDialog
            trigger={
              <button type="button" className="button">
                {t("sign", { version: a.version })}
              </button>
            }
            destructive={false}
            title={t("signTitle", { version: a.version, title: a.title })}
            description={<p>{t("signBody", { version: a.version, role: roleName(myRole) })}</p>}
            confirmLabel={t("signConfirm", { version: a.version })}
            busyLabel={t("signing")}
            cancelLabel={t("cancel")}
            onConfirm={async () => {
              const result = await live.command("agreement:sign", { agreementId: a.id, version: a.version });
              return result.ok ? null : serverText(result.message);
            }}
          />
        )}
        {open && myRole && (a.tabledBy === myRole || permissions.includes("decide-amendment")) && (
          <ConfirmDialog
            trigger={
              <button type="button" className="button button-danger-quiet">
                {a.tabledBy === myRole ? t("withdraw") : t("declareCollapsed")}
              </button>
            }
            title={a.tabledBy === myRole ? t("withdrawTitle", { title: a.title }) : t("collapseTitle", { title: a.title })}
            description={<p>{a.tabledBy === myRole ? t("withdrawBody") : t("collapseBody")}</p>}
            confirmLabel={a.tabledBy === myRole ? t("withdrawConfirm") : t("collapseConfirm")}
            busyLabel={t("working")}
            cancelLabel={t("cancel")}
            onConfirm={async () => {
              const result = await live.command("agreement:close", {
                agreementId: a.id,
                status: a.tabledBy === myRole ? "withdrawn" : "collapsed",
              });
              return result.ok ? null : serverText(result.message);
            }}
          />
        )}
      </div>

      {decided.length > 0 && (
        <details className="amendments-decided">
          <summary>{t("history", { count: decided.length })}</summary>
          <DecidedAmendments agreement={a} amendments={decided} who={who} />
        </details>
      )}

      {(a.versions.length > 1 || a.signatures.length > 0) && <AgreementVersions agreement={a} who={who} />}
    </article>
  );
}

/** An outbox entry's `clause`, when it names this agreement (entries are stored untyped). */
function isThreadOf(clause: unknown, agreementId: string): clause is { agreementId: string; clauseKey: string } {
  return (
    typeof clause === "object" &&
    clause !== null &&
    (clause as { agreementId?: unknown }).agreementId === agreementId &&
    typeof (clause as { clauseKey?: unknown }).clauseKey === "string"
  );
}
