"use client";

// The room's run state on one line: title, status, phase, the phase clock and the
// connection. The facilitator's run controls sit beside it on a desk and in one menu on a
// phone; ending asks first, pausing takes an optional reason everyone reads.
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { isExerciseStatus } from "@/app/components/exercise-status";
import type { LiveExercise } from "./use-exercise";
import { ClockDisplay } from "./clock-display";
import type { RunActions } from "./run-actions";

/** Participants never load the facilitator's controls (menus, popover, dialog). */
const RunControls = dynamic(() => import("./run-controls").then((m) => m.RunControls));

interface Props {
  title: string;
  live: LiveExercise;
  phases: { title: string; minutes: number }[];
  myRoleName?: string;
  staff: boolean;
  /** Sends a run command; a refusal is shown by the caller. */
  run: RunActions;
  chairVoice: boolean;
}

export function RoomHeader({ title, live, phases, myRoleName, staff, run, chairVoice }: Props) {
  const t = useTranslations("room");
  const waiting = live.outbox.filter((e) => e.state !== "failed").length;
  const phase = live.joined ? phases[live.phaseIndex]?.title : undefined;
  const status = isExerciseStatus(live.status) ? t(`status.${live.status}`) : live.status || "…";
  return (
    <header className="room-head">
      <div className="room-head-main">
        <h1 className="room-title" title={title}>
          {title}
        </h1>
        <p className="room-state">
          <span className={`badge badge-${live.status || "draft"}`}>{status}</span>
          {phase && <span className="room-phase">{t("phase", { phase })}</span>}
          {live.status !== "ended" && (
            <ClockDisplay clock={live.clock} offset={live.offset} phaseMinutes={phases[live.phaseIndex]?.minutes ?? 0} />
          )}
          {myRoleName && <span className="room-role">{t("youAre", { role: myRoleName })}</span>}
          {staff && <span className="room-role">{t("facilitatorView")}</span>}
        </p>
      </div>
      <p className={`connection connection-${live.connection}`} role="status" data-testid="connection">
        <span className="connection-dot" aria-hidden="true" />
        <span className="connection-text">
          {live.connection === "offline"
            ? waiting > 0
              ? t("offlinePending", { count: waiting })
              : t("offline")
            : live.connection === "connecting"
              ? t("connecting")
              : live.recovered !== null
                ? t("backOnline", { count: live.recovered })
                : t("online")}
        </span>
      </p>
      {staff && <RunControls live={live} phases={phases} run={run} chairVoice={chairVoice} />}
    </header>
  );
}
