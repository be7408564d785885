"use client";

import { useEffect, useState } from "react";

/** The server's time now (the client's clock corrected by `offset`), ticking every second. */
export function useServerNow(offset: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now + offset;
}
