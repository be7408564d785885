"use client";

// The lobby's live parts, following the exercise's roster as it changes without a reload.
// The facilitator sees how to join, Start, who sits where and everyone's role; a
// participant sees who sits where and takes a role, or moves, until the start. A seat
// change or a start brings the page's server-rendered parts (brief, buttons) up to date.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { callApi } from "@/lib/client/api";
import type { RosterPersonDto } from "@/lib/contract/events";
import { useServerText } from "@/app/components/use-server-text";
import { FormError } from "@/app/components/form-parts";
import { useHydrated } from "@/app/components/use-hydrated";
import { useExercise } from "./room/use-exercise";
import { DeletedNotice, RemovedNotice } from "./exit-notices";
import { RoleCards, type LobbyRole } from "./role-cards";
import { StartExercise } from "./start-exercise";
import { useSeatAnnouncements } from "./use-seat-announcements";
import "./lobby.css";

interface Props {
  exerciseId: string;
  status: string;
  staff: boolean;
  roles: LobbyRole[];
  signatories: string[];
  /** The roster as the page was rendered (staff), shown until the live one arrives. */
  initialPeople: RosterPersonDto[];
  myRole: string | null;
  /** Staff: how to join (code, link, QR), shown beside Start. */
  join?: ReactNode;
}

export function LiveLobby({ exerciseId, status, staff, roles, signatories, initialPeople, myRole, join }: Props) {
  const t = useTranslations("exercise");
  const l = useTranslations("lobby");
  const serverText = useServerText();
  const router = useRouter();
  const live = useExercise(exerciseId);
  const hydrated = useHydrated();
  const [error, setError] = useState("");
  const [choosing, setChoosing] = useState<string | null>(null);
  /** A refused choice, shown on the card it was made from (on a phone, where the eyes are). */
  const [refused, setRefused] = useState<{ roleKey: string; message: string } | null>(null);
  const people = live.roster ? live.roster.people.filter((p) => p.seat === "participant") : staff ? initialPeople : null;
  const roleName = (key: string | null) => roles.find((r) => r.key === key)?.name ?? t("noRole");
  const me = live.joined?.you.userId ?? null;
  const announcement = useSeatAnnouncements(live.roster, me, roleName);
  const currentStatus = live.status || status;

  // The exercise started (or ended) meanwhile: the page's buttons come from the server.
  useEffect(() => {
    if (live.status && live.status !== status) router.refresh();
  }, [live.status, status, router]);

  if (live.deleted) return <DeletedNotice />;
  if (live.removed) return <RemovedNotice />;

  const connectionNote = live.error ? (
    <p role="alert" className="error">
      {serverText(live.error)}
    </p>
  ) : (
    live.connection === "offline" && <p className="notice notice-warning">{l("offline")}</p>
  );
  // Shown to the facilitator (a log of arrivals); a participant's own changes show in the
  // sentence above the cards, so theirs is for screen readers only.
  const liveRegion = (
    <p role="status" className={staff ? "lobby-activity" : "visually-hidden"} data-testid="lobby-activity">
      {announcement}
    </p>
  );

  if (staff) {
    return (
      <div className="lobby">
        {connectionNote}
        {currentStatus === "lobby" ? (
          <div className="lobby-top">
            {join}
            <StartExercise
              roles={roles}
              signatories={signatories}
              people={people ?? []}
              onStart={async () => {
                const result = await live.command("exercise:set-status", { status: "running" });
                if (!result.ok) return serverText(result.message);
                router.push(`/exercises/${exerciseId}/console`);
                return null;
              }}
            />
          </div>
        ) : (
          join
        )}
        {liveRegion}
        <section aria-labelledby="seats-heading">
          <h3 id="seats-heading">{l("seatsHeading")}</h3>
          <RoleCards roles={roles} people={people} me={null} level={4} testId="lobby-seats" />
        </section>
        <section aria-labelledby="people-heading">
          <h3 id="people-heading">
            {t("people")} <span className="meta">({people?.length ?? 0})</span>
          </h3>
          {!people || people.length === 0 ? (
            <p className="empty">{t("nobody")}</p>
          ) : (
            <ul className="list lobby-people" data-testid="lobby-people">
              {people.map((p) => (
                <li key={p.userId} className="list-row">
                  <span dir="auto">{p.displayName}</span>
                  <select
                    aria-label={t("roleFor", { name: p.displayName })}
                    value={p.roleKey ?? ""}
                    onChange={async (event) => {
                      const roleKey = event.target.value;
                      if (!roleKey) return;
                      setError("");
                      const result = await live.command("roster:assign", { userId: p.userId, roleKey });
                      if (!result.ok) setError(serverText(result.message));
                    }}
                  >
                    <option value="">{t("chooseRoleOption")}</option>
                    {roles.map((r) => (
                      <option key={r.key} value={r.key}>
                        {r.name}
                      </option>
                    ))}
                  </select>
                </li>
              ))}
            </ul>
          )}
          <FormError message={error} />
        </section>
      </div>
    );
  }

  // The live roster knows a change made a moment ago; the prop, what the page was rendered with.
  const mine = (me && people?.find((p) => p.userId === me)?.roleKey) || myRole;
  const open = currentStatus === "lobby";
  return (
    <div className="lobby">
      {connectionNote}
      {mine ? (
        <p className="lobby-you">
          {t.rich("youRepresent", { role: roleName(mine), strong: (chunks) => <strong>{chunks}</strong> })} {open && l("changeUntilStart")}
        </p>
      ) : (
        <p className="lobby-you">{open ? l("choose") : t("willBeSeated")}</p>
      )}
      {!open && mine && <p className="meta">{l("startedLocked")}</p>}
      {liveRegion}
      <RoleCards
        roles={roles}
        people={people}
        me={me}
        level={3}
        testId="role-choice"
        action={
          open
            ? (role, isMine) => (
                <>
                  {!isMine && (
                    <button
                      type="button"
                      className="button button-secondary"
                      // The visible words first, then the role: the card's title, for a reader that lists buttons.
                      aria-label={l(mine ? "moveLabel" : "takeLabel", { role: role.name })}
                      disabled={!hydrated || choosing !== null}
                      onClick={async () => {
                        setRefused(null);
                        setChoosing(role.key);
                        const result = await callApi(`/api/exercises/${exerciseId}/roles`, { body: { roleKey: role.key } });
                        setChoosing(null);
                        // The server tells this page's socket its seat changed; the page follows.
                        if (!result.ok) setRefused({ roleKey: role.key, message: serverText(result.message) });
                      }}
                    >
                      {choosing === role.key ? l("taking") : mine ? l("move") : l("take")}
                    </button>
                  )}
                  <FormError message={refused?.roleKey === role.key ? refused.message : ""} />
                </>
              )
            : undefined
        }
      />
    </div>
  );
}
