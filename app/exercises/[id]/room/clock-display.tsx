"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { ClockDto } from "@/lib/contract/events";

/** Remaining time of the current phase, from the server's clock state. */
export function ClockDisplay({ clock, offset, phaseMinutes }: { clock: ClockDto | null; offset: number; phaseMinutes: number }) {
  const t = useTranslations("clock");
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!clock) return null;
  const serverNow = now + offset;
  const elapsed = clock.elapsedBeforeMs + (clock.running ? Math.max(0, serverNow - clock.resumedAt) : 0);
  const remaining = phaseMinutes * 60_000 + clock.extensionMs - elapsed;
  const abs = Math.abs(Math.round(remaining / 1000));
  const text = `${remaining < 0 ? "+" : ""}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, "0")}`;
  return (
    <span
      className={`clock${remaining < 0 ? " is-overrun" : ""}${clock.running ? "" : " is-paused"}`}
      role="timer"
      aria-label={remaining < 0 ? t("overrun", { time: text.slice(1) }) : t("left", { time: text })}
    >
      {text}
      {!clock.running && <span className="visually-hidden"> {t("paused")}</span>}
    </span>
  );
}
