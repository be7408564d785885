// Browser helper for Parley's JSON API: every response is a tagged result.
import type { Result } from "../contract/result";

export async function callApi<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<Result<T>> {
  try {
    const res = await fetch(url, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? {} : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
    return (await res.json()) as Result<T>;
  } catch {
    return { ok: false, code: "internal", message: "Parley could not be reached. Check your connection and try again." };
  }
}
