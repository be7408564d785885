"use client";

import { useCallback, useState } from "react";
import type { Result } from "@/lib/contract/result";
import { useServerText } from "@/app/components/use-server-text";

/** Runs a console command or API call; a refusal becomes the console's notice, in the reader's language. */
export function useConsoleAct() {
  const serverText = useServerText();
  const [notice, setNotice] = useState("");
  const act = useCallback(
    async <T>(run: () => Promise<Result<T>>): Promise<Result<T>> => {
      const result = await run();
      setNotice(result.ok ? "" : serverText(result.message));
      return result;
    },
    [serverText],
  );
  return { notice, setNotice, act };
}

export type ConsoleAct = ReturnType<typeof useConsoleAct>["act"];
