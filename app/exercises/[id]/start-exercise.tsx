"use client";

// The facilitator's Start, in the lobby. It is offered once every role that signs the
// agreement has someone (lobby-readiness.ts); with any seat still empty, or anyone still
// without a role, it asks first and names who is missing. "Start anyway" is there for the
// facilitator who knows better (a rehearsal, a late delegation).
import { useTranslations } from "next-intl";
import { useId, useState, type ReactElement } from "react";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { FormError } from "@/app/components/form-parts";
import { lobbyReadiness, type SeatedPerson } from "./lobby-readiness";

interface Props {
  roles: readonly { key: string; name: string }[];
  signatories: readonly string[];
  people: readonly SeatedPerson[];
  /** Starts the exercise; an error message if the server refused. */
  onStart(): Promise<string | null>;
}

export function StartExercise({ roles, signatories, people, onStart }: Props) {
  const t = useTranslations("lobby");
  const stateId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const readiness = lobbyReadiness(roles, signatories, people);
  const names = (keys: string[]) => keys.map((key) => roles.find((r) => r.key === key)?.name ?? key).join(", ");

  const start = (): Promise<string | null> => {
    setError("");
    return onStart();
  };

  const consequences = (
    <ul className="start-consequences">
      {readiness.missingSignatories.length > 0 && <li>{t("confirmMissing", { roles: names(readiness.missingSignatories) })}</li>}
      {readiness.emptyOthers.length > 0 && <li>{t("confirmOthers", { roles: names(readiness.emptyOthers) })}</li>}
      {readiness.unseated > 0 && <li>{t("confirmUnseated", { count: readiness.unseated })}</li>}
      <li>{t("confirmLocked")}</li>
    </ul>
  );
  const dialog = (trigger: ReactElement) => (
    <ConfirmDialog
      trigger={trigger}
      title={t("confirmTitle")}
      description={consequences}
      confirmLabel={t("confirmStart")}
      busyLabel={t("starting")}
      cancelLabel={t("keepWaiting")}
      destructive={false}
      onConfirm={start}
    />
  );
  const startLabel = t("startButton");

  return (
    <section className="lobby-start" aria-labelledby={`${stateId}-heading`}>
      <h3 id={`${stateId}-heading`}>{t("startHeading")}</h3>
      <p id={stateId} className={readiness.ready ? "lobby-start-state is-ready" : "lobby-start-state"} data-testid="start-state">
        {readiness.complete
          ? t("allSeated")
          : readiness.ready
            ? t("signatoriesSeated")
            : t("waitingFor", { roles: names(readiness.missingSignatories) })}
      </p>
      <div className="lobby-start-actions">
        {readiness.complete ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const problem = await start();
              setBusy(false);
              if (problem) setError(problem);
            }}
          >
            {busy ? t("starting") : startLabel}
          </button>
        ) : readiness.ready ? (
          dialog(
            <button type="button" className="button">
              {startLabel}
            </button>,
          )
        ) : (
          <>
            {/* Focusable, so that a screen reader hears why it does nothing yet. */}
            <button type="button" className="button" aria-disabled="true" aria-describedby={stateId}>
              {startLabel}
            </button>
            {dialog(
              <button type="button" className="button button-secondary">
                {t("startAnyway")}
              </button>,
            )}
          </>
        )}
      </div>
      <FormError message={error} />
    </section>
  );
}
