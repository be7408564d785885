"use client";

// A confirmation before anything that cannot be undone, on Radix's AlertDialog (focus kept
// inside while open and given back after, Escape cancels, announced as an alert dialog).
// The confirm button says what will happen; the dialog stays open, busy, until it has.
import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useId, useState, type ReactNode } from "react";

interface Props {
  /** The control that opens it (rendered as is: a button). */
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  cancelLabel: string;
  /** Runs on confirm (with what was typed, if anything); an error message keeps the dialog open and shows it. */
  onConfirm(typed: string): Promise<string | null>;
  destructive?: boolean;
  /** For what cannot be undone at all: the confirm button waits until this is typed. */
  typeToConfirm?: { label: string; expected: string };
}

/** Typed confirmations ignore spacing at the ends, as the server does. */
const same = (a: string, b: string) => a.trim() === b.trim();

export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  busyLabel,
  cancelLabel,
  onConfirm,
  destructive = true,
  typeToConfirm,
}: Props) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [typed, setTyped] = useState("");
  const inputId = useId();
  const confirmed = !typeToConfirm || same(typed, typeToConfirm.expected);
  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (busy) return;
        setOpen(next);
        setError("");
        setTyped("");
      }}
    >
      <AlertDialog.Trigger asChild>{trigger}</AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="confirm-dialog dialog-content">
          <AlertDialog.Title className="dialog-title">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="dialog-description">{description}</div>
          </AlertDialog.Description>
          {typeToConfirm && (
            <div className="field">
              <label htmlFor={inputId}>{typeToConfirm.label}</label>
              <input id={inputId} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
            </div>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <AlertDialog.Cancel asChild>
              <button className="button button-secondary" type="button" disabled={busy}>
                {cancelLabel}
              </button>
            </AlertDialog.Cancel>
            <button
              className={`button${destructive ? " button-danger" : ""}`}
              type="button"
              disabled={busy || !confirmed}
              onClick={async () => {
                setBusy(true);
                const problem = await onConfirm(typed);
                setBusy(false);
                if (problem) setError(problem);
                else setOpen(false);
              }}
            >
              {busy ? busyLabel : confirmLabel}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
