// `npx tsx bench/load/profile-summary.ts <file.cpuprofile> [--top 25]`
//
// Where a V8 CPU profile (as BENCH_PROFILE writes them) spends its time: by area (a
// package, a folder of the project, Node's internals, GC, idle), by function's own time,
// and by project function including what it calls.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type CallFrame = z.infer<typeof profileSchema>["nodes"][number]["callFrame"];

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" } } });
const top = z.coerce.number().int().positive().parse(values.top);
const file = z.string().parse(positionals[0]);
const profile = profileSchema.parse(JSON.parse(readFileSync(file, "utf8")));

/** A package, a project folder (two levels), or a V8 pseudo-frame. */
function areaOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(server|lib|bench)\/([^/]+)/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}
const isProject = (url: string) => /\/(server|lib)\//.test(url) && !url.includes("node_modules");
// tsx's output has no useful line numbers for the project's own files.
const nameOf = (frame: CallFrame) =>
  `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*?\/node_modules\//, "").replace(/^.*?\/(server|lib)\//, "$1/")}${frame.url && !isProject(frame.url) ? `:${frame.lineNumber + 1}` : ""}`;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<string, number>();
const area = new Map<string, number>();
const inclusive = new Map<string, number>();
// Native code and Node's internals charged to the package or folder that called them
// (a socket's writev to ws, pg or @redis/client).
const charged = new Map<string, number>();
const generic = new Set(["(native)", "node internals", "(program)", "(garbage collector)", "(root)"]);
let total = 0;
// Samples under server/profiling.ts are the profiler starting and stopping, not the server.
let profiler = 0;
const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  const frame = byId.get(id)!.callFrame;
  total += ms;
  // Each project function on the stack once, however deep the recursion.
  const seen = new Set<string>();
  let caller: string | undefined;
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const f = byId.get(at)!.callFrame;
    if (isProject(f.url)) seen.add(nameOf(f));
    if (caller === undefined && !generic.has(areaOf(f))) caller = areaOf(f);
  }
  if ([...seen].some((key) => key.includes("server/profiling.ts"))) {
    profiler += ms;
    return;
  }
  add(self, nameOf(frame), ms);
  add(area, areaOf(frame), ms);
  add(charged, caller ?? areaOf(frame), ms);
  for (const key of seen) add(inclusive, key, ms);
});

const idle = area.get("(idle)") ?? 0;
const busy = total - idle - profiler;
const print = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${key}\n`);
  }
};
process.stdout.write(
  `${file}: ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(2)} s busy (percentages are of busy time), ${(profiler / 1000).toFixed(2)} s in the profiler itself\n`,
);
area.delete("(idle)");
self.delete("(idle) ");
print("by area (self time)", area);
charged.delete("(idle)");
print("by area, native code and Node internals charged to their caller", charged);
print("by function (self time)", self);
print("project functions, including what they call", inclusive);
