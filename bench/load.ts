// `npm run bench -- [--json] [--cluster [--spread client|exercise]] [--clients 1000] [--exercises 50] [--rate 0.3] [--measure 20] [--warmup 5]`
//
// Drives the same load against Parley (auth, validation, authorization, persistence on,
// the production socket stack on a fresh SQLite file) and then against a bare Socket.io
// broadcast server. The load generator runs in its own process; server CPU time and RSS
// are read from /proc for the server process only, over the measurement window. The last
// line of output is one JSON object (see docs/performance.md).
//
// --cluster: Parley as in production with several nodes: two socket nodes on a throwaway
// PostgreSQL database and Redis (a prefix of its own), the clients of every exercise
// spread over both; CPU is summed over both nodes. The baseline stays one process.
// --spread exercise (a diagnostic): each exercise's clients all on one node instead.
import { fork } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
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
import { nodeOf, type GeneratorMessage, type GeneratorResult, type Plan } from "./load/plan";
import { compileServers, cpuSeconds, rssMb, startServer, stopServer, type ServerProcess } from "./load/processes";
import { BENCH_REDIS_URL, borrowClusterServices, probeServices, type Borrowed, type ServiceWork } from "./load/cluster";
import { memoryOf, type NodeMemory } from "./load/memory";

const root = join(import.meta.dirname, "..");
const SECRET = "bench-secret-that-is-long-enough-0123456789";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    cluster: { type: "boolean", default: false },
    spread: { type: "string", default: "client" },
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
    spread: z.enum(["client", "exercise"]),
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

/** One server process over the window; a cluster's figures in `Side` are their sums. */
interface NodeFigures {
  clients: number;
  cpuSeconds: number;
  rssMb: number;
  /** Parley's nodes: the heap and memory outside it at the window's end (null if /metrics did not answer). */
  memory?: NodeMemory | null;
}

interface Run {
  side: Side;
  nodes: NodeFigures[];
  window: GeneratorResult["window"];
  /** With --cluster: what PostgreSQL and Redis spent over the window besides. */
  services?: ServiceWork;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

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
      const created = await app.services.exerciseFlow.create(
        { userId: facilitator.id, systemRole: "facilitator", seats: [{ seat: "facilitator" }] },
        { scenarioId: row.id },
      );
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

async function drive(
  name: string,
  servers: ServerProcess[],
  plan: Plan,
  dir: string,
  probe?: () => { end(): Promise<ServiceWork> },
): Promise<Run> {
  const planFile = join(dir, `${name}-plan.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const generator = fork(join(root, "bench/load/generator.ts"), [planFile], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pids = servers.map((s) => s.child.pid!);
  // BENCH_PROFILE: every Parley node profiles the window (SIGUSR2 starts and stops it).
  const profile = () => {
    if (name === "parley" && process.env.BENCH_PROFILE) for (const s of servers) s.child.kill("SIGUSR2");
  };
  let cpuStart: number[] = [];
  let cpuEnd: number[] = [];
  let rss: number[] = [];
  let probing: { end(): Promise<ServiceWork> } | undefined;
  let services: Promise<ServiceWork> | undefined;
  let memory: Promise<(NodeMemory | null)[]> | undefined;
  const result = await new Promise<GeneratorResult>((resolve, reject) => {
    generator.on("message", (message: GeneratorMessage) => {
      if (message.kind === "progress") log(`  ${name}: ${message.text}`);
      if (message.kind === "measure-start") {
        profile();
        cpuStart = pids.map(cpuSeconds);
        probing = probe?.();
        log(`  ${name}: measuring for ${options.measure} s`);
      }
      if (message.kind === "measure-end") {
        cpuEnd = pids.map(cpuSeconds);
        rss = pids.map(rssMb);
        if (name === "parley") memory = Promise.all(servers.map((s) => memoryOf(s.url)));
        services = probing?.end();
        profile();
      }
      if (message.kind === "result") resolve(message.result);
    });
    generator.once("exit", (code) => reject(new Error(`load generator exited with ${code}`)));
  });
  const seconds = result.measuredMs / 1000;
  const cpus = pids.map((_, i) => cpuEnd[i]! - cpuStart[i]!);
  const cpu = cpus.reduce((a, b) => a + b, 0);
  const memories = (await memory) ?? [];
  const clientsOn = (node: number) =>
    plan.exercises.reduce((sum, ex, e) => sum + ex.clients.filter((_, i) => nodeOf(plan, e, i) === node).length, 0);
  return {
    side: {
      deliveriesPerSec: Math.round(result.deliveries / seconds),
      deliveriesPerCpuSecond: Math.round(result.deliveries / cpu),
      p50Ms: result.latenciesMs.p50,
      p99Ms: result.latenciesMs.p99,
      rssMb: rss.reduce((a, b) => a + b, 0),
      clients: result.clients,
      messagesPerSec: Math.round(result.sent / seconds),
      refused: result.refused,
      cpuSeconds: round2(cpu),
      connectSeconds: Math.round(result.connectMs / 100) / 10,
    },
    nodes: servers.map((_, i) => ({
      clients: clientsOn(i),
      cpuSeconds: round2(cpus[i]!),
      rssMb: rss[i]!,
      ...(name === "parley" ? { memory: memories[i] ?? null } : {}),
    })),
    window: result.window,
    ...(services ? { services: await services } : {}),
  };
}

/** Starts Parley's node(s) on a fresh database: one on SQLite, or two on PostgreSQL + Redis. */
async function parleyOn(
  script: string,
  databaseUrl: string,
  borrowed: Borrowed | undefined,
  started: ServerProcess[],
): Promise<ServerProcess[]> {
  // BENCH_PROFILE=dir: a CPU profile of Parley's server over the measurement window only.
  const profiling: Record<string, string> = process.env.BENCH_PROFILE ? { PROFILE_DIR: process.env.BENCH_PROFILE } : {};
  const env = { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: SECRET, LOG_LEVEL: "error", ...profiling };
  const start = async (extra: Record<string, string>) => {
    const server = await startServer(root, script, { ...env, ...extra });
    started.push(server);
    return server;
  };
  if (!borrowed) return [await start({})];
  const redis = { REDIS_URL: BENCH_REDIS_URL, REDIS_PREFIX: borrowed.redisPrefix };
  return Promise.all([start(redis), start(redis)]);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
  const common = {
    messagesPerClientPerSec: options.rate,
    backchannelShare: options["backchannel-share"],
    warmupMs: Math.round(options.warmup * 1000),
    measureMs: Math.round(options.measure * 1000),
    connectConcurrency: 50,
    spread: options.spread,
  };
  log(
    `bench: ${options.clients} clients in ${options.exercises} exercises, ${options.rate} messages/s each${values.cluster ? ", two Parley nodes on PostgreSQL and Redis" : ""}`,
  );
  // --cluster: a throwaway PostgreSQL database and Redis prefix, given back however the run ends.
  const borrowed = values.cluster ? await borrowClusterServices() : undefined;
  const started: ServerProcess[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await Promise.all(started.map((s) => stopServer(s)));
      await borrowed?.release();
    })());
  // `on`, not `once`: tsx passes a Ctrl-C on to this process after the terminal did, and
  // a second, unhandled SIGINT would end it before the database is dropped.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (!cleaning) log(`bench: ${signal}, cleaning up`);
      void cleanUp()
        .catch((err: unknown) => log(`bench: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => process.exit(130));
    });
  }
  try {
    const databaseUrl = borrowed?.databaseUrl ?? `file:${join(dir, "bench.db")}`;
    log(`bench: arranging the Parley database${borrowed ? " (PostgreSQL)" : ""}`);
    const exercises = await arrangeParley(databaseUrl);
    log("bench: compiling both servers, as `npm run build` compiles Parley's");
    const scripts = await compileServers(root);

    log(borrowed ? "bench: Parley, two nodes" : "bench: Parley");
    const nodes = await parleyOn(scripts.parley, databaseUrl, borrowed, started);
    const parleyPlan: Plan = { mode: "parley", urls: nodes.map((n) => n.url), exercises, ...common };
    const parley = borrowed
      ? await drive("parley", nodes, parleyPlan, dir, () => probeServices(borrowed.databaseName)).finally(() =>
          Promise.all(nodes.map((n) => stopServer(n))),
        )
      : await drive("parley", nodes, parleyPlan, dir).finally(() => void stopServer(nodes[0]!));

    log("bench: bare Socket.io");
    const baselineServer = await startServer(root, scripts.baseline, {});
    started.push(baselineServer);
    const baseline = await drive(
      "baseline",
      [baselineServer],
      { mode: "baseline", urls: [baselineServer.url], exercises, ...common },
      dir,
    ).finally(() => void stopServer(baselineServer));

    const ratio = Math.round((parley.side.deliveriesPerCpuSecond / baseline.side.deliveriesPerCpuSecond) * 1000) / 1000;
    // What never came: acks, and deliveries of messages not refused (negative: duplicates).
    const accounted = ({ window: w }: Run) => ({
      ...w,
      unacked: w.sent - w.acked - w.refused,
      missingDeliveries: w.expectedDeliveries - w.receivedDeliveries,
    });
    const cluster = borrowed
      ? {
          database: "postgresql",
          spread: options.spread,
          nodes: parley.nodes,
          services: parley.services,
          window: { parley: accounted(parley), baseline: accounted(baseline) },
        }
      : undefined;
    if (!values.json) {
      for (const [label, run] of [
        [borrowed ? "Parley (two nodes)" : "Parley", parley],
        ["bare Socket.io", baseline],
      ] as const) {
        const side = run.side;
        log(
          `${label}: ${side.deliveriesPerSec} deliveries/s, ${side.deliveriesPerCpuSecond} per CPU second, p50 ${side.p50Ms} ms, p99 ${side.p99Ms} ms, RSS ${side.rssMb} MB`,
        );
      }
      if (cluster) {
        cluster.nodes.forEach((n, i) => log(`  node ${i}: ${n.clients} clients, ${n.cpuSeconds} CPU s, RSS ${n.rssMb} MB`));
        const { postgres, redis } = cluster.services ?? { postgres: undefined, redis: undefined };
        log(
          `  besides: PostgreSQL ${postgres?.cpuSeconds ?? "?"} CPU s (its backends), ${postgres?.transactions ?? "?"} commits; Redis ${redis?.cpuSeconds ?? "?"} CPU s, ${redis?.commands ?? "?"} commands`,
        );
        for (const [label, w] of Object.entries(cluster.window))
          log(
            `  ${label}, the window's messages: ${w.sent} sent, ${w.acked} acked, ${w.refused} refused; ${w.receivedDeliveries} of ${w.expectedDeliveries} deliveries (followed for ${w.followedMs} ms)`,
          );
      }
      log(`ratio (Parley${borrowed ? ", both nodes" : ""} / bare, deliveries per CPU second): ${ratio}`);
    }
    // Where the node's memory goes (one node; the cluster lists each in cluster.nodes).
    const nodeMemory = borrowed ? undefined : (parley.nodes[0]?.memory ?? null);
    const parleySide = nodeMemory === undefined ? parley.side : { ...parley.side, memory: nodeMemory };
    if (!values.json && nodeMemory) {
      const m = nodeMemory;
      log(
        `Parley's memory at the window's end: heap ${m.heapUsedMb} of ${m.heapTotalMb} MB (${Object.entries(m.heapSpacesUsedMb)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}), outside the heap ${m.externalMb} MB`,
      );
    }
    process.stdout.write(`${JSON.stringify({ parley: parleySide, baseline: baseline.side, ratio, ...(cluster ? { cluster } : {}) })}\n`);
  } finally {
    // Reported, not thrown: a failed clean-up must not hide why the run failed.
    await cleanUp().catch((err: unknown) => {
      log(`bench: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    });
  }
  process.exit();
}

main().catch((err: unknown) => {
  log(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
