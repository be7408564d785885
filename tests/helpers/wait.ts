/** Polls `predicate` until it holds; fails naming `what` after `timeoutMs`. */
export function waitUntil(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve();
    const started = Date.now();
    const poll = setInterval(() => {
      if (predicate()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what} (${timeoutMs} ms)`));
      }
    }, 5);
  });
}
