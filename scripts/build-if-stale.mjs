// `npm start`'s prestart: builds the Next app and the compiled server only when there is no
// build, or when something they are made from changed after it (compared by modification
// time with .next/BUILD_ID, which `next build` writes at its end; the server is compiled
// right after, into dist/). A restart is then seconds.
// Prints why it builds or not. `npm run build` always builds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** What the build is made from: folders walked whole, and single files. */
export const BUILD_INPUTS = [
  "app",
  "lib",
  "server",
  "messages",
  "i18n",
  "next.config.js",
  "next.config.mjs",
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
  "scripts/build-server.mjs",
];

/** The newest file among `paths` (under `root`), or null when none exists. */
function newestFile(root, paths) {
  let newest = null;
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return; // absent (an optional input), or gone meanwhile
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (stat.isFile() && (!newest || stat.mtimeMs > newest.mtimeMs)) {
      newest = { path: relative(root, path), mtimeMs: stat.mtimeMs };
    }
  };
  for (const p of paths) visit(join(root, p));
  return newest;
}

/**
 * Whether the build under `root` must be made again, and why.
 * @param {string} root
 * @returns {{ stale: boolean; reason: string }}
 */
export function staleness(root, inputs = BUILD_INPUTS) {
  const buildId = join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return { stale: true, reason: "there is no build yet (.next/BUILD_ID is missing)" };
  if (!existsSync(join(root, "dist", "main.mjs")))
    return { stale: true, reason: "the server is not compiled yet (dist/main.mjs is missing)" };
  const builtAt = statSync(buildId).mtimeMs;
  const newest = newestFile(root, inputs);
  if (newest && newest.mtimeMs > builtAt) return { stale: true, reason: `${newest.path} changed after the last build` };
  return {
    stale: false,
    reason: `the build is up to date (built ${new Date(builtAt).toISOString()}, nothing it is made from changed since)`,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
  const { stale, reason } = staleness(root);
  console.log(`${stale ? "building" : "not building"}: ${reason}`);
  if (stale) {
    const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
    process.exit(build.status ?? 1);
  }
}
