"use client";

// The lobby's live parts: the facilitator's list of people (who joined, which role each
// has) and a participant's role choice (which roles are taken, by how many). Both follow
// the exercise's roster as it changes, without a reload; a participant given a role, or
// an exercise that starts, brings the page's server-rendered parts up to date.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { callApi } from "@/lib/client/api";
import type { RosterPersonDto } from "@/lib/contract/events";
import { useServerText } from "@/app/components/use-server-text";
import { FormError } from "@/app/components/form-parts";
import { useExercise } from "./room/use-exercise";
import { RemovedNotice } from "./room/room-client";
import { DeletedNotice } from "./deleted-notice";

interface Props {
  exerciseId: string;
  status: string;
  staff: boolean;
  roles: { key: string; name: string }[];
  /** The roster as the page was rendered (staff), shown until the live one arrives. */
  initialPeople: RosterPersonDto[];
  myRole: string | null;
}

export function LiveLobby({ exerciseId, status, staff, roles, initialPeople, myRole }: Props) {
  const t = useTranslations("exercise");
  const serverText = useServerText();
  const router = useRouter();
  const live = useExercise(exerciseId);
  const [error, setError] = useState("");
  const people = (live.roster?.people ?? initialPeople).filter((p) => p.seat === "participant");
  const roleName = (key: string | null) => roles.find((r) => r.key === key)?.name ?? t("noRole");

  // The exercise started (or ended) meanwhile: the page's buttons come from the server.
  useEffect(() => {
    if (live.status && live.status !== status) router.refresh();
  }, [live.status, status, router]);

  if (live.deleted) return <DeletedNotice />;
  if (live.removed) return <RemovedNotice />;

  if (staff) {
    return (
      <section aria-labelledby="people-heading" aria-live="polite">
        <h3 id="people-heading">
          {t("people")} <span className="meta">({people.length})</span>
        </h3>
        {people.length === 0 ? (
          <p className="empty">{t("nobody")}</p>
        ) : (
          <ul className="list" data-testid="lobby-people">
            {people.map((p) => (
              <li key={p.userId} className="list-row">
                <span>{p.displayName}</span>
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
    );
  }

  const taken = new Map<string, number>();
  for (const p of people) if (p.roleKey) taken.set(p.roleKey, (taken.get(p.roleKey) ?? 0) + 1);
  if (myRole) return <p>{t.rich("youRepresent", { role: roleName(myRole), strong: (chunks) => <strong>{chunks}</strong> })}</p>;
  if (status !== "lobby") return <p aria-live="polite">{t("willBeSeated")}</p>;
  return (
    <div aria-live="polite">
      <p>{t("chooseRole")}</p>
      <ul className="list role-choice" data-testid="role-choice">
        {roles.map((r) => (
          <li key={r.key} className="list-row">
            <span>
              {r.name} <span className="meta">· {(taken.get(r.key) ?? 0) === 0 ? t("roleFree") : t("roleTaken", { count: taken.get(r.key) ?? 0 })}</span>
            </span>
            <button
              type="button"
              className="button button-secondary"
              aria-label={t("takeRole", { role: r.name })}
              onClick={async () => {
                setError("");
                const result = await callApi(`/api/exercises/${exerciseId}/roles`, { body: { roleKey: r.key } });
                // The server tells this page's socket its seat changed; the page follows.
                if (!result.ok) setError(serverText(result.message));
              }}
            >
              {t("take")}
            </button>
          </li>
        ))}
      </ul>
      <FormError message={error} />
    </div>
  );
}
