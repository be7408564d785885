"use client";

// Who sits where: one card per scenario role, with the names seated in it, whether it
// signs the agreement, and (for a participant) the one thing they can do with it. The
// facilitator's lobby shows the same cards without actions.
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { RosterPersonDto } from "@/lib/contract/events";
import { MarkdownText } from "@/app/components/markdown-text";

export interface LobbyRole {
  key: string;
  name: string;
  profile: string;
  signs: boolean;
}

interface Props {
  roles: readonly LobbyRole[];
  /** Participants only; null while the live roster has not arrived. */
  people: readonly RosterPersonDto[] | null;
  /** The viewer's user id, to mark their own seat. */
  me: string | null;
  /** Heading level of each card's title under the section's heading. */
  level: 3 | 4;
  /** The card's one action, if the viewer has one. */
  action?(role: LobbyRole, mine: boolean): ReactNode;
  testId?: string;
}

export function RoleCards({ roles, people, me, level, action, testId }: Props) {
  const t = useTranslations("lobby");
  const Heading = `h${level}` as const;
  return (
    <ul className="role-cards" data-testid={testId}>
      {roles.map((role) => {
        const seated = people?.filter((p) => p.roleKey === role.key) ?? [];
        const mine = seated.some((p) => p.userId === me);
        return (
          <li
            key={role.key}
            className={`role-card${mine ? " is-mine" : ""}${seated.length === 0 && people ? " is-empty" : ""}`}
            aria-current={mine ? "true" : undefined}
          >
            <div className="role-card-head">
              <Heading className="role-card-name">{role.name}</Heading>
              {mine && <span className="badge badge-mine">{t("yourSeat")}</span>}
            </div>
            {role.signs && <p className="role-card-tag">{t("signs")}</p>}
            {people === null ? (
              <p className="role-card-count meta">{t("loadingSeats")}</p>
            ) : (
              <>
                <p className="role-card-count meta">{t("count", { count: seated.length })}</p>
                {seated.length > 0 && (
                  <ul className="role-card-people" aria-label={t("seatedIn", { role: role.name })}>
                    {seated.map((p) => (
                      <li key={p.userId} dir="auto">
                        {p.displayName}
                        {p.userId === me && <span className="meta"> ({t("you")})</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
            {role.profile && (
              <details className="role-card-about">
                <summary>{t("about")}</summary>
                <MarkdownText text={role.profile} headingOffset={level} />
              </details>
            )}
            {action && <div className="role-card-action">{action(role, mine)}</div>}
          </li>
        );
      })}
    </ul>
  );
}
