"use client";

// Notices for what happens while people negotiate: a toast on screen (Radix Toast, which
// queues, times out, pauses on hover and focus, and is dismissed by swipe or Escape) and
// the same words in a polite live region, so a screen reader reads each one once.
import dynamic from "next/dynamic";
import type { Notice } from "./notice-types";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

export type { Notice, NoticeTone } from "./notice-types";

interface Notices {
  notify(notice: Omit<Notice, "id">): void;
}

const NoticeContext = createContext<Notices>({ notify: () => undefined });

export const useNotices = () => useContext(NoticeContext);

/** The toasts' code (Radix Toast) loads with the first notice, not with the page. */
const ToastStack = dynamic(() => import("./toast-stack").then((m) => m.ToastStack), { ssr: false });

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Notice[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const notify = useCallback((notice: Omit<Notice, "id">) => {
    const id = Date.now() + Math.random();
    setToasts((prev) => [...prev.slice(-3), { ...notice, id }]);
    setAnnouncement(notice.body ? `${notice.title}. ${notice.body}` : notice.title);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((prev) => prev.filter((x) => x.id !== id)), []);
  const value = useMemo(() => ({ notify }), [notify]);
  return (
    <NoticeContext.Provider value={value}>
      {children}
      {toasts.length > 0 && <ToastStack toasts={toasts} onDismiss={dismiss} />}
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
        {announcement}
      </p>
    </NoticeContext.Provider>
  );
}
