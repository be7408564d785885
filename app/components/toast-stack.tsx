"use client";

// The toasts themselves (Radix Toast: queued, timed, paused on hover and focus, dismissed
// by swipe or Escape). Radix's own announcement is turned off: the notices' live region
// reads each one once (notices.tsx).
import * as Toast from "@radix-ui/react-toast";
import { useTranslations } from "next-intl";
import type { Notice } from "./notice-types";

export function ToastStack({ toasts, onDismiss }: { toasts: Notice[]; onDismiss(id: number): void }) {
  const t = useTranslations("common");
  return (
    <Toast.Provider swipeDirection="right" duration={8000} label={t("notifications")}>
      {toasts.map((n) => (
        <Toast.Root key={n.id} className={`toast toast-${n.tone}`} type="background" onOpenChange={(open) => !open && onDismiss(n.id)}>
          <div data-radix-toast-announce-exclude="">
            <Toast.Title className="toast-title">{n.title}</Toast.Title>
            {n.body && <Toast.Description className="toast-body">{n.body}</Toast.Description>}
          </div>
          <Toast.Close className="toast-close" aria-label={t("dismiss")}>
            ×
          </Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport className="toast-viewport" />
    </Toast.Provider>
  );
}
