// `npm run bench -- [--json] [--clients 1000] [--exercises 50] [--rate 0.3] [--measure 20] [--warmup 5]`
//
// Drives the same load against Parley (auth, validation, authorization, persistence on,
// the production socket stack on a fresh SQLite file) and then against a bare Socket.io
// broadcast server. The load generator runs in its own process; server CPU time and RSS
// are read from /proc for the server process only, over the measurement window. The last
// line of output is one JSON object (see docs/performance.md).
import { fork, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { migrateDatabase } from "../server/db/migrate";
import { openDatabase } from "../server/db/client";
import { composeApp } from "../server/compose";
import { createLogger } from "../server/logger";
import { syncBuiltinScenarios } from "../server/scenarios/builtin-sync";
import { parseScenario } from "../lib/scenario/parse-scenario";
import { encodeSession, SESSION_COOKIE } from "../server/auth/session-token";
import type { GeneratorMessage, GeneratorResult, Plan } from "./load/plan";

const root = join(import.meta.dirname, "..");
const SECRET = "bench-secret-that-is-long-enough-0123456789";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    clients: { type: "string", default: "1000" },
    exercises: { type: "string", default: "50" },
    rate: { type: "string", default: "0.3" },
    measure: { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
    "backchannel-share": { type: "string", default: "0.4" },
  },
});
const options = z
  .object({
    clients: z.coerce.number().int().min(2),
    exercises: z.coerce.number().int().min(1),
    rate: z.coerce.number().positive(),
    measure: z.coerce.number().positive(),
    warmup: z.coerce.number().min(0),
    "backchannel-share": z.coerce.number().min(0).max(1),
  })
  .refine((o) => o.clients >= o.exercises * 2, "need at least two clients per exercise")
  .parse(values);
const log = (text: string) => process.stderr.write(`${text}\n`);

interface Side {
  deliveriesPerSec: number;
  deliveriesPerCpuSecond: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  clients: number;
  messagesPerSec: number;
  refused: Record<string, number>;
  cpuSeconds: number;
  connectSeconds: number;
}

/** utime + stime of a process, in seconds (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat(5), counted here from field 3 (state).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function startServer(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: root, env: { ...process.env, ...env, PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function arrangeParley(databaseUrl: string): Promise<Plan["exercises"]> {
  await migrateDatabase(databaseUrl, root, createLogger("silent"));
  const db = await openDatabase(databaseUrl);
  try {
    const app = composeApp({ db, logger: createLogger("silent"), secret: SECRET, rolesDir: join(root, "roles") });
    const rows = await syncBuiltinScenarios(join(root, "roles"), app.services.scenarios);
    const row = rows.find((r) => r.slug === "collapsing-ceasefire")!;
    const roles = parseScenario(row.definition).roles.map((r) => r.key);
    const cookie = async (session: Parameters<typeof encodeSession>[0]) => `${SESSION_COOKIE}=${await encodeSession(session, SECRET)}`;
    const exercises: Plan["exercises"] = [];
    const perExercise = Math.floor(options.clients / options.exercises);
    for (let e = 0; e < options.exercises; e++) {
      const facilitator = await app.services.users.create({ displayName: `Facilitator ${e}`, systemRole: "facilitator" });
      const created = await app.services.exerciseFlow.create({ userId: facilitator.id, systemRole: "facilitator", seats: [{ seat: "facilitator" }] }, { scenarioId: row.id });
      if (!created.ok) throw new Error(created.message);
      const exerciseId = created.data.id;
      // Phase 1 opens backchannels; the generator starts the exercise as its facilitator.
      await db.prisma.exercise.update({ where: { id: exerciseId }, data: { status: "lobby", phaseIndex: 1 } });
      const count = perExercise + (e < options.clients % options.exercises ? 1 : 0);
      const clients = [];
      for (let i = 0; i < count; i++) {
        const roleKey = roles[i % roles.length]!;
        const user = await app.services.users.create({ displayName: `P${e}.${i}`, systemRole: "participant", exerciseId });
        await app.services.assignments.assign(exerciseId, user.id, "participant", roleKey);
        clients.push({ roleKey, cookie: await cookie({ userId: user.id, name: `P${e}.${i}`, systemRole: "participant", exerciseId }) });
      }
      const plenary = await db.prisma.channel.findFirstOrThrow({ where: { exerciseId, kind: "plenary" } });
      exercises.push({
        id: exerciseId,
        plenaryId: plenary.id,
        facilitatorCookie: await cookie({ userId: facilitator.id, name: `Facilitator ${e}`, systemRole: "facilitator" }),
        backchannelRoles: [roles[0]!, roles[1]!],
        clients,
      });
    }
    return exercises;
  } finally {
    await db.close();
  }
}

async function drive(name: string, server: { child: ChildProcess; port: number }, plan: Plan, dir: string): Promise<Side> {
  const planFile = join(dir, `${name}-plan.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const generator = fork(join(root, "bench/load/generator.ts"), [planFile], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pid = server.child.pid!;
  let cpuStart = 0;
  let cpuEnd = 0;
  let rss = 0;
  const result = await new Promise<GeneratorResult>((resolve, reject) => {
    generator.on("message", (message: GeneratorMessage) => {
      if (message.kind === "progress") log(`  ${name}: ${message.text}`);
      if (message.kind === "measure-start") {
        if (name === "parley" && process.env.BENCH_PROFILE) server.child.kill("SIGUSR2");
        cpuStart = cpuSeconds(pid);
        log(`  ${name}: measuring for ${options.measure} s`);
      }
      if (message.kind === "measure-end") {
        cpuEnd = cpuSeconds(pid);
        rss = rssMb(pid);
        if (name === "parley" && process.env.BENCH_PROFILE) server.child.kill("SIGUSR2");
      }
      if (message.kind === "result") resolve(message.result);
    });
    generator.once("exit", (code) => reject(new Error(`load generator exited with ${code}`)));
  });
  const seconds = result.measuredMs / 1000;
  const cpu = cpuEnd - cpuStart;
  return {
    deliveriesPerSec: Math.round(result.deliveries / seconds),
    deliveriesPerCpuSecond: Math.round(result.deliveries / cpu),
    p50Ms: result.latenciesMs.p50,
    p99Ms: result.latenciesMs.p99,
    rssMb: rss,
    clients: result.clients,
    messagesPerSec: Math.round(result.sent / seconds),
    refused: result.refused,
    cpuSeconds: Math.round(cpu * 100) / 100,
    connectSeconds: Math.round(result.connectMs / 100) / 10,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
  const databaseUrl = `file:${join(dir, "bench.db")}`;
  const common = {
    messagesPerClientPerSec: options.rate,
    backchannelShare: options["backchannel-share"],
    warmupMs: Math.round(options.warmup * 1000),
    measureMs: Math.round(options.measure * 1000),
    connectConcurrency: 50,
  };
  log(`bench: ${options.clients} clients in ${options.exercises} exercises, ${options.rate} messages/s each`);
  log("bench: arranging the Parley database");
  const exercises = await arrangeParley(databaseUrl);

  log("bench: Parley");
  // BENCH_PROFILE=dir: a CPU profile of Parley's server over the measurement window only.
  const profiling: Record<string, string> = process.env.BENCH_PROFILE ? { PROFILE_DIR: process.env.BENCH_PROFILE } : {};
  const parleyServer = await startServer("server/socket-node.ts", { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: SECRET, LOG_LEVEL: "error", ...profiling });
  const parley = await drive("parley", parleyServer, { mode: "parley", url: `http://127.0.0.1:${parleyServer.port}`, exercises, ...common }, dir).finally(() => parleyServer.child.kill("SIGTERM"));

  log("bench: bare Socket.io");
  const baselineServer = await startServer("bench/load/baseline-server.ts", {});
  const baseline = await drive("baseline", baselineServer, { mode: "baseline", url: `http://127.0.0.1:${baselineServer.port}`, exercises, ...common }, dir).finally(() => baselineServer.child.kill("SIGTERM"));

  const ratio = Math.round((parley.deliveriesPerCpuSecond / baseline.deliveriesPerCpuSecond) * 1000) / 1000;
  if (!values.json) {
    for (const [name, side] of [["Parley", parley], ["bare Socket.io", baseline]] as const) {
      log(`${name}: ${side.deliveriesPerSec} deliveries/s, ${side.deliveriesPerCpuSecond} per CPU second, p50 ${side.p50Ms} ms, p99 ${side.p99Ms} ms, RSS ${side.rssMb} MB`);
    }
    log(`ratio (Parley / bare, deliveries per CPU second): ${ratio}`);
  }
  process.stdout.write(`${JSON.stringify({ parley, baseline, ratio })}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  log(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
