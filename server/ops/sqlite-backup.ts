import { Worker } from "node:worker_threads";

/** Copies the SQLite database at `source` into the new file `destination`, consistently, while others write to it. */
export function backupSqlite(source: string, destination: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(new URL("./sqlite-backup.worker.mjs", import.meta.url), { workerData: { source, destination } });
    const abort = () => void worker.terminate();
    signal?.addEventListener("abort", abort, { once: true });
    let done = false;
    let failure: unknown;
    worker.once("message", () => (done = true));
    worker.once("error", (error) => (failure = error));
    // Answered only once the worker has exited, so that it writes nothing more once the caller cleans up.
    worker.once("exit", (code) => {
      signal?.removeEventListener("abort", abort);
      if (done) resolve();
      else if (signal?.aborted) reject(signal.reason);
      else reject(failure ?? new Error(`the SQLite backup stopped before it finished (worker exit ${code})`));
    });
  });
}
