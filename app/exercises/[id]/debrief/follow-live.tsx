"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { useExercise } from "../room/use-exercise";

/**
 * While the exercise runs, the debrief follows it: the live stream (the same client the
 * room uses) says when something new happened, and the replay is read again — under the
 * debrief policy, so an unopened backchannel stays out of it.
 */
export function FollowLive({ exerciseId, onEvents }: { exerciseId: string; onEvents: () => void }) {
  const t = useTranslations("debrief");
  const live = useExercise(exerciseId);
  // The events the stream held when it joined: what the screen already shows.
  const baseline = useRef<number | null>(null);
  const joined = live.joined !== null;
  const seen = live.events.length;
  useEffect(() => {
    if (baseline.current === null && joined) baseline.current = seen;
    if (baseline.current === null || seen <= baseline.current) return;
    const timer = setTimeout(onEvents, 800);
    return () => clearTimeout(timer);
  }, [joined, seen, onEvents]);
  return (
    <p className="meta follow-live" role="status">
      {live.connection === "online" ? t("followingLive") : t("notFollowing")}
    </p>
  );
}
