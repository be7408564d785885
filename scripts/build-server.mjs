// Compiles the custom server to plain JavaScript, so that `npm start` runs `node dist/main.mjs`
// instead of transpiling TypeScript as it loads (tsx's loader runs on a thread of its own,
// about 40 MB a process). One file per entry, the project's own modules bundled in,
// packages left to node_modules. An entry lives one folder below the project, as its
// source does under server/, so paths it builds from its own location (the project root,
// roles/) come out the same; so do the chunks, beside them. `npm run build` runs it after `next build`.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The server's entries, by output name (dist/<name>.mjs). */
export const SERVER_ENTRIES = { main: "server/main.ts", "socket-node": "server/socket-node.ts" };
/**
 * Node's flags for a server process, as `npm start`, the systemd unit (docs/parley.service),
 * the browser tests and the load benchmark run it (tests/ops/start-command.test.ts checks they
 * agree). A young generation of at most 4 MB per semi-space instead of V8's 16: about 15 MB
 * less resident memory at 1,000 clients, at no CPU cost the benchmark could see
 * (docs/performance.md).
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=4"];
/** Files an entry loads by URL beside itself (a worker), copied as they are. */
const BESIDE = ["server/ops/sqlite-backup.worker.mjs"];

/**
 * Bundles `entries` ({ outputName: sourcePath }, relative to `root`) into `outdir`.
 * @param {{ root: string; entries?: Record<string, string>; outdir?: string }} options
 */
export async function buildServer({ root, entries = SERVER_ENTRIES, outdir = "dist" }) {
  const out = join(root, outdir);
  mkdirSync(out, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // What a node loads only when it needs it (PostgreSQL's client on SQLite, Redis on a
    // single node) stays in a chunk of its own, loaded by its dynamic import.
    splitting: true,
    chunkNames: "[name]-[hash]",
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: join(root, "tsconfig.json"),
    logLevel: "warning",
  });
  for (const file of BESIDE) copyFileSync(join(root, file), join(out, file.split("/").at(-1)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
  const started = Date.now();
  await buildServer({ root });
  console.log(`server compiled to dist/ in ${Date.now() - started} ms`);
}
