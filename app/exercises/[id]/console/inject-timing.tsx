"use client";

// When an inject fires, in words: a countdown and the time of day while the clock runs,
// the running time still to go while it is stopped, an estimate for later phases.
import { useLocale, useTranslations } from "next-intl";
import { dateLocale } from "@/i18n/locales";
import { formatCountdown, type InjectTiming } from "@/lib/injects/inject-timeline";
import type { PhaseInfo } from "./console-types";

interface Props {
  timing: InjectTiming;
  status: string;
  /** Server time minus this device's time, to show a server instant on this device's clock. */
  offset: number;
  phases: PhaseInfo[];
}

export function InjectTimingText({ timing, status, offset, phases }: Props) {
  const t = useTranslations("console.timing");
  const locale = useLocale();
  const clock = (serverTime: number) =>
    new Date(serverTime - offset).toLocaleTimeString(dateLocale(locale), { hour: "2-digit", minute: "2-digit" });
  switch (timing.kind) {
    case "released":
      return (
        <>{t("released", { time: new Date(timing.at).toLocaleTimeString(dateLocale(locale), { hour: "2-digit", minute: "2-digit" }) })}</>
      );
    case "manual":
      return <>{t("manual")}</>;
    case "due":
      return <strong>{t("due")}</strong>;
    case "counting":
      return <strong>{t("counting", { countdown: formatCountdown(timing.inMs), time: clock(timing.firesAt) })}</strong>;
    case "held":
      return (
        <>
          {status === "paused"
            ? t("heldPaused", { countdown: formatCountdown(timing.inMs) })
            : t("heldStart", { countdown: formatCountdown(timing.inMs) })}
        </>
      );
    case "later":
      return (
        <>
          {timing.firesAt === null
            ? t("laterStopped", { minutes: Math.round(timing.inMs / 60_000) })
            : t("later", { minutes: Math.round(timing.inMs / 60_000), time: clock(timing.firesAt) })}
        </>
      );
    case "missed":
      return (
        <>
          {status === "ended"
            ? t("ended")
            : t("missed", {
                phase: timing.phaseIndex === null ? t("unknownPhase") : (phases[timing.phaseIndex]?.title ?? t("unknownPhase")),
              })}
        </>
      );
  }
}
