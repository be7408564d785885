"use client";

// The facilitator's run controls: inline on a desk, one menu on a phone. Ending asks first;
// pausing takes an optional reason everyone reads. Loaded only for the facilitator.
import * as Menu from "@radix-ui/react-dropdown-menu";
import * as Popover from "@radix-ui/react-popover";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import type { LiveExercise } from "./use-exercise";
import type { RunActions } from "./run-actions";

export function RunControls({
  live,
  phases,
  run,
  chairVoice,
}: {
  live: LiveExercise;
  phases: { title: string; minutes: number }[];
  run: RunActions;
  chairVoice: boolean;
}) {
  const t = useTranslations("room");
  const running = live.status === "running";
  const underway = running || live.status === "paused";
  const hasNext = live.status !== "ended" && live.phaseIndex < phases.length - 1;
  const hasPrevious = live.status !== "ended" && live.phaseIndex > 0;
  const endDialog = (trigger: React.ReactNode) => (
    <ConfirmDialog
      trigger={trigger}
      title={t("endTitle")}
      description={<p>{t("endBody")}</p>}
      confirmLabel={t("endConfirm")}
      busyLabel={t("ending")}
      cancelLabel={t("cancel")}
      onConfirm={() => run.setStatus("ended")}
    />
  );
  return (
    <>
      <div className="run-controls" role="group" aria-label={t("runControl")}>
        {(live.status === "lobby" || live.status === "paused") && (
          <button className="button" type="button" onClick={() => void run.setStatus("running")}>
            {live.status === "paused" ? t("resume") : t("start")}
          </button>
        )}
        {running && <PauseButton onPause={(reason) => run.setStatus("paused", reason)} />}
        {hasPrevious && (
          <button className="button button-secondary" type="button" onClick={() => run.setPhase(live.phaseIndex - 1)}>
            {t("previousPhase")}
          </button>
        )}
        {underway && (
          <button className="button button-secondary" type="button" onClick={() => run.extend(5)}>
            {t("extend", { minutes: 5 })}
          </button>
        )}
        {hasNext && (
          <button className="button button-secondary" type="button" onClick={() => run.setPhase(live.phaseIndex + 1)}>
            {t("nextPhase")}
          </button>
        )}
        {live.status !== "ended" && (
          <button
            className="button button-secondary"
            type="button"
            aria-pressed={chairVoice}
            onClick={() => run.setChairVoice(!chairVoice)}
            title={t("chairVoiceHint")}
          >
            {t("chairVoice")}
          </button>
        )}
        {underway &&
          endDialog(
            <button className="button button-danger-quiet" type="button">
              {t("end")}
            </button>,
          )}
      </div>
      {/* On a phone: the same controls in one menu, so the header keeps to one line. */}
      <div className="run-menu">
        <Menu.Root>
          <Menu.Trigger className="button button-secondary">{t("runMenu")}</Menu.Trigger>
          <Menu.Portal>
            <Menu.Content className="menu-content" align="end" sideOffset={6}>
              {(live.status === "lobby" || live.status === "paused") && (
                <Menu.Item className="menu-item" onSelect={() => void run.setStatus("running")}>
                  {live.status === "paused" ? t("resume") : t("start")}
                </Menu.Item>
              )}
              {running && (
                <Menu.Item className="menu-item" onSelect={() => void run.setStatus("paused")}>
                  {t("pause")}
                </Menu.Item>
              )}
              {hasPrevious && (
                <Menu.Item className="menu-item" onSelect={() => run.setPhase(live.phaseIndex - 1)}>
                  {t("previousPhase")}
                </Menu.Item>
              )}
              {underway && (
                <Menu.Item className="menu-item" onSelect={() => run.extend(5)}>
                  {t("extend", { minutes: 5 })}
                </Menu.Item>
              )}
              {hasNext && (
                <Menu.Item className="menu-item" onSelect={() => run.setPhase(live.phaseIndex + 1)}>
                  {t("nextPhase")}
                </Menu.Item>
              )}
              {live.status !== "ended" && (
                <Menu.CheckboxItem className="menu-item" checked={chairVoice} onCheckedChange={(on) => run.setChairVoice(on)}>
                  <Menu.ItemIndicator>✓ </Menu.ItemIndicator>
                  {t("chairVoice")}
                </Menu.CheckboxItem>
              )}
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
        {underway &&
          endDialog(
            <button className="button button-danger-quiet" type="button">
              {t("end")}
            </button>,
          )}
      </div>
    </>
  );
}

/** Pause, with a reason everyone reads (optional): a small popover, Enter pauses. */
function PauseButton({ onPause }: { onPause: (reason?: string) => Promise<string | null> }) {
  const t = useTranslations("room");
  const [open, setOpen] = useState(false);
  const [error, setError] = useState("");
  const inputId = useId();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
    const problem = await onPause(reason || undefined);
    if (problem) setError(problem);
    else setOpen(false);
  }
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className="button button-secondary">{t("pause")}</Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover-content" sideOffset={6} align="start">
          <form className="pause-form" onSubmit={submit}>
            <label htmlFor={inputId}>{t("pauseReason")}</label>
            <input id={inputId} name="reason" maxLength={200} placeholder={t("pauseReasonHint")} autoComplete="off" />
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <button className="button" type="submit">
              {t("pauseNow")}
            </button>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
