"use client";

// Everyone seated in the exercise, live: name, role (changeable), presence, seat and the
// facilitator's actions. A table on a desk; each row a card when the panel is narrow.
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import type { RosterPersonDto } from "@/lib/contract/events";
import { isOnline } from "@/lib/client/roster-view";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { useServerText } from "@/app/components/use-server-text";
import type { Live, RoleInfo, RoleName } from "./console-types";
import type { ConsoleAct } from "./use-console-act";

interface Props {
  live: Live;
  people: RosterPersonDto[];
  removed: RosterPersonDto[];
  roles: RoleInfo[];
  roleName: RoleName;
  act: ConsoleAct;
}

export function RosterTable({ live, people, removed, roles, roleName, act }: Props) {
  const t = useTranslations("console");
  const serverText = useServerText();
  const participants = people.filter((p) => p.seat === "participant").length;
  const online = people.filter((p) => isOnline(live.presence, p)).length;
  // Removing or re-admitting someone replaces the control just used with its opposite in a
  // new row: keyboard focus follows it there rather than falling back to the page.
  const focusNext = useRef<string | null>(null);
  const focusWhenShown = (id: string) => {
    const target = document.getElementById(id);
    if (target) target.focus();
    else focusNext.current = id;
  };
  useEffect(() => {
    const target = focusNext.current ? document.getElementById(focusNext.current) : null;
    if (target) {
      target.focus();
      focusNext.current = null;
    }
  });

  if (people.length === 0 && removed.length === 0) return <p className="empty">{t("people.empty")}</p>;
  return (
    <div className="roster-frame">
      <table className="roster roster-table">
        <caption>{t("people.caption", { participants, observers: people.length - participants, online })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("people.name")}</th>
            <th scope="col">{t("people.role")}</th>
            <th scope="col">{t("people.online")}</th>
            <th scope="col">{t("people.seat")}</th>
            <th scope="col">{t("people.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => {
            const here = isOnline(live.presence, p);
            return (
              <tr key={p.userId}>
                <th scope="row" dir="auto">
                  {p.displayName}
                </th>
                <td data-label={t("people.role")}>
                  {p.seat === "participant" ? (
                    <select
                      aria-label={t("roleFor", { name: p.displayName })}
                      value={p.roleKey ?? ""}
                      onChange={(e) => void act(() => live.command("roster:assign", { userId: p.userId, roleKey: e.target.value }))}
                    >
                      <option value="" disabled>
                        {t("choose")}
                      </option>
                      {roles.map((r) => (
                        <option key={r.key} value={r.key}>
                          {r.name}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="meta">{t("people.observerNoRole")}</span>
                  )}
                </td>
                <td data-label={t("people.online")}>
                  <span className={`presence-dot${here ? " is-online" : ""}`} aria-hidden="true" />{" "}
                  {here ? t("people.isOnline") : t("people.isOffline")}
                </td>
                <td data-label={t("people.seat")}>{p.seat === "observer" ? t("people.seatObserver") : t("people.seatParticipant")}</td>
                <td data-label={t("people.actions")}>
                  <ConfirmDialog
                    trigger={
                      <button
                        id={`remove-${p.userId}`}
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={t("people.removeName", { name: p.displayName })}
                      >
                        {t("remove")}
                      </button>
                    }
                    title={t("people.removeTitle", { name: p.displayName })}
                    description={<p>{t("people.removeConsequence", { name: p.displayName })}</p>}
                    confirmLabel={t("people.removeConfirm")}
                    busyLabel={t("people.removing")}
                    cancelLabel={t("cancel")}
                    onConfirm={async () => {
                      const result = await live.command("roster:remove", { userId: p.userId });
                      if (!result.ok) return serverText(result.message);
                      focusWhenShown(`readmit-${p.userId}`);
                      return null;
                    }}
                  />
                </td>
              </tr>
            );
          })}
          {removed.map((p) => (
            <tr key={`removed-${p.userId}`} className="is-removed">
              <th scope="row" dir="auto">
                {p.displayName}
              </th>
              <td data-label={t("people.role")}>{p.seat === "observer" ? t("people.observerNoRole") : roleName(p.roleKey)}</td>
              <td data-label={t("people.online")}>
                <span aria-hidden="true">—</span>
                <span className="visually-hidden">{t("people.notSeated")}</span>
              </td>
              <td data-label={t("people.seat")}>
                <span className="badge badge-removed">{t("people.seatRemoved")}</span>
              </td>
              <td data-label={t("people.actions")}>
                <button
                  id={`readmit-${p.userId}`}
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={t("people.readmitName", { name: p.displayName })}
                  onClick={async () => {
                    if ((await act(() => live.command("roster:readmit", { userId: p.userId }))).ok) focusWhenShown(`remove-${p.userId}`);
                  }}
                >
                  {t("readmit")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
