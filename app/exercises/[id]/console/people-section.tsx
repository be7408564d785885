"use client";

// The People section: join code, the wrong-code alarm, the live roster, observers.
import { useTranslations } from "next-intl";
import type { RosterPersonDto } from "@/lib/contract/events";
import type { Live, RoleInfo, RoleName } from "./console-types";
import type { ConsoleAct } from "./use-console-act";
import { JoinCode } from "./join-code";
import { RosterNews } from "./roster-news";
import { RosterTable } from "./roster-table";

interface Props {
  live: Live;
  exerciseId: string;
  roles: RoleInfo[];
  roleName: RoleName;
  /** The page's roster, until the live one arrives. */
  roster: RosterPersonDto[];
  removed: RosterPersonDto[];
  joinCode: string | null;
  joinUrl: string | null;
  act: ConsoleAct;
}

export function PeopleSection({ live, exerciseId, roles, roleName, roster, removed, joinCode, joinUrl, act }: Props) {
  const t = useTranslations("console");
  const people = (live.roster?.people ?? roster).filter((p) => p.seat !== "facilitator");
  const gone = live.roster?.removed ?? removed;
  // The setting as the server last said: the join's snapshot, then each change in the log.
  const observersRead = live.events.reduce(
    (current, e) => (e.type === "exercise.settings" ? e.payload.observersSeeBackchannels : current),
    live.joined?.observersSeeBackchannels ?? false,
  );

  return (
    <section id="console-people" className="console-section" aria-labelledby="console-people-heading">
      <h2 id="console-people-heading" className="console-heading">
        {t("people.heading")}
      </h2>
      {live.joinAlarm && (
        <div role="status" className="notice notice-warning">
          <p>
            {t("joinAlarm", { count: live.joinAlarm.nearMisses, minutes: live.joinAlarm.windowMinutes })}{" "}
            {live.joinAlarm.slowedForS > 0 && t("joinAlarmSlowed", { seconds: live.joinAlarm.slowedForS })}
          </p>
          <button type="button" className="link-button" onClick={live.dismissJoinAlarm}>
            {t("dismiss")}
          </button>
        </div>
      )}
      {joinCode && <JoinCode exerciseId={exerciseId} code={joinCode} url={joinUrl} />}
      <RosterNews roster={live.roster} roleName={roleName} />
      <RosterTable live={live} people={people} removed={gone} roles={roles} roleName={roleName} act={act} />
      <form
        className="inline-form console-observer-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const email = String(new FormData(form).get("email") ?? "");
          if ((await act(() => live.command("roster:add-observer", { email }))).ok) form.reset();
        }}
      >
        <label>
          {t("addObserver")}
          <input name="email" type="email" autoComplete="off" required />
        </label>
        <button className="button button-secondary" type="submit">
          {t("add")}
        </button>
      </form>
      <label className="check">
        <input
          type="checkbox"
          checked={observersRead}
          disabled={live.joined === null}
          onChange={(e) => void act(() => live.command("exercise:settings", { observersSeeBackchannels: e.target.checked }))}
        />{" "}
        {t("observersRead")}
      </label>
    </section>
  );
}
