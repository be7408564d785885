// On demand CPU profiles of a running node, for benchmarks: with PROFILE_DIR set, the
// first SIGUSR2 starts V8's profiler and the next one writes a .cpuprofile there (open it
// in Chrome DevTools or speedscope).
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export function profileOnSignal(dir: string): void {
  const session = new Session();
  session.connect();
  let running = false;
  process.on("SIGUSR2", () => {
    void (async () => {
      if (!running) {
        running = true;
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
        return;
      }
      running = false;
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(join(dir, `parley-${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    })();
  });
}
