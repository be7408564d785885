// `npm start` builds only when the build is missing or older than what it is made from.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { staleness } from "../../scripts/build-if-stale.mjs";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project tree whose files all date from `at` (seconds since the epoch). */
function project(files: string[], at: number): string {
  const root = mkdtempSync(join(tmpdir(), "parley-build-"));
  dirs.push(root);
  for (const file of files) touch(root, file, at);
  return root;
}

function touch(root: string, file: string, at: number): void {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, "x");
  utimesSync(path, at, at);
}

const SOURCES = ["app/page.tsx", "server/main.ts", "lib/contract/events.ts", "messages/en.json", "next.config.js", "package-lock.json"];
const T = 1_700_000_000;

describe("build staleness", () => {
  it("builds when there is no build", () => {
    expect(staleness(project(SOURCES, T))).toMatchObject({ stale: true, reason: expect.stringContaining("BUILD_ID is missing") });
  });

  it("builds when the server was never compiled, even with a fresh Next build", () => {
    const root = project([...SOURCES, ".next/BUILD_ID"], T);
    touch(root, ".next/BUILD_ID", T + 60);
    expect(staleness(root)).toMatchObject({ stale: true, reason: expect.stringContaining("dist/main.mjs is missing") });
  });

  it("does not build when the build is newer than every source", () => {
    const root = project([...SOURCES, ".next/BUILD_ID", "dist/main.mjs"], T);
    touch(root, ".next/BUILD_ID", T + 60);
    expect(staleness(root)).toMatchObject({ stale: false, reason: expect.stringContaining("up to date") });
  });

  it.each([
    "server/rooms/room-core.ts",
    "app/[locale]/page.tsx",
    "messages/fr.json",
    "next.config.js",
    "package-lock.json",
    "i18n/request.ts",
    "scripts/build-server.mjs",
  ])("builds when %s changed after the build, and names it", (changed) => {
    const root = project([...SOURCES, ".next/BUILD_ID", "dist/main.mjs"], T);
    touch(root, ".next/BUILD_ID", T + 60);
    touch(root, changed, T + 120);
    expect(staleness(root)).toEqual({ stale: true, reason: `${changed} changed after the last build` });
  });

  it("ignores what the build is not made from (tests, docs, data)", () => {
    const root = project([...SOURCES, ".next/BUILD_ID", "dist/main.mjs"], T);
    touch(root, ".next/BUILD_ID", T + 60);
    for (const other of ["tests/ops/x.test.ts", "docs/deploy.md", "data/parley.db", "README.md"]) touch(root, other, T + 120);
    expect(staleness(root).stale).toBe(false);
  });
});
