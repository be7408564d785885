"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

/**
 * False in the server's HTML and until React has taken over the page, true after. A button
 * whose work is a script stays disabled until then, so a tap on a slow phone before the
 * page is live is visibly not taken instead of silently lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
