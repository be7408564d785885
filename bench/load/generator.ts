// The load generator, run as its own process by bench/load.ts: opens every client's
// socket, sets the exercises up the way participants would (start, a backchannel between
// two roles), then sends at a steady rate and measures send → receive latency and
// deliveries inside a measurement window. Reports over IPC.
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, EventDto, ServerToClientEvents } from "../../lib/contract/events";
import { planSchema, type GeneratorMessage, type Plan } from "./plan";

const plan: Plan = planSchema.parse(JSON.parse(readFileSync(process.argv[2]!, "utf8")));
const report = (message: GeneratorMessage) => process.send?.(message);
const progress = (text: string) => report({ kind: "progress", text });

// A realistic message: ~120 characters, the send time first.
const FILLER = "We propose a verification mechanism under the regional body, with monitors deployed within 72 hours.";
const bodyAt = (t: number) => `${t.toFixed(3)} ${FILLER}`;
const sentAtOf = (body: string) => Number.parseFloat(body.slice(0, body.indexOf(" ")));

interface Sender {
  socket: Socket;
  exerciseId: string;
  plenary: string;
  backchannel?: string;
}

let windowStart = Number.POSITIVE_INFINITY;
let windowEnd = Number.POSITIVE_INFINITY;
let deliveries = 0;
let sent = 0;
let acked = 0;
const refused: Record<string, number> = {};
const latencies: number[] = [];

function received(body: string): void {
  const now = performance.now();
  if (now < windowStart || now > windowEnd) return;
  deliveries++;
  const sentAt = sentAtOf(body);
  if (sentAt >= windowStart) latencies.push(now - sentAt);
}

function open(url: string, cookie?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(new Error(`connect failed: ${err.message}`)));
  });
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

async function setUpParley(): Promise<Sender[]> {
  const senders: Sender[] = [];
  await inBatches(plan.exercises, 5, async (ex) => {
    const staff = (await open(plan.url, ex.facilitatorCookie)) as Socket<ServerToClientEvents, ClientToServerEvents>;
    const joined = await staff.emitWithAck("exercise:join", { exerciseId: ex.id, afterSeq: 0 });
    if (!joined.ok) throw new Error(`facilitator join: ${joined.message}`);
    const started = await staff.emitWithAck("exercise:set-status", { exerciseId: ex.id, status: "running" });
    if (!started.ok) throw new Error(`start: ${started.message}`);
    staff.disconnect();
  });
  progress("exercises running");

  const all: { ex: Plan["exercises"][number]; client: Plan["exercises"][number]["clients"][number]; socket?: Socket<ServerToClientEvents, ClientToServerEvents> }[] =
    plan.exercises.flatMap((ex) => ex.clients.map((client) => ({ ex, client })));
  await inBatches(all, plan.connectConcurrency, async (entry) => {
    const socket = (await open(plan.url, entry.client.cookie)) as Socket<ServerToClientEvents, ClientToServerEvents>;
    socket.on("exercise:event", (event: EventDto) => {
      if (event.type === "message.sent") received((event.payload as { body: string }).body);
    });
    const joined = await socket.emitWithAck("exercise:join", { exerciseId: entry.ex.id, afterSeq: 0 });
    if (!joined.ok) throw new Error(`join: ${joined.message}`);
    entry.socket = socket;
  });
  progress(`${all.length} clients joined`);

  for (const ex of plan.exercises) {
    const entries = all.filter((e) => e.ex === ex);
    const [r0, r1] = ex.backchannelRoles;
    const first = entries.find((e) => e.client.roleKey === r0)!.socket!;
    const second = entries.find((e) => e.client.roleKey === r1)!.socket!;
    const requested = await first.emitWithAck("backchannel:request", { exerciseId: ex.id, roles: [r1], clientKey: randomUUID() });
    if (!requested.ok) throw new Error(`backchannel request: ${requested.message}`);
    const accepted = await second.emitWithAck("backchannel:respond", { exerciseId: ex.id, channelId: requested.data.channelId, accept: true, clientKey: randomUUID() });
    if (!accepted.ok) throw new Error(`backchannel accept: ${accepted.message}`);
    for (const e of entries) {
      const member = e.client.roleKey === r0 || e.client.roleKey === r1;
      senders.push({ socket: e.socket!, exerciseId: ex.id, plenary: ex.plenaryId, ...(member ? { backchannel: requested.data.channelId } : {}) });
    }
  }
  progress("backchannels open");
  return senders;
}

async function setUpBaseline(): Promise<Sender[]> {
  const senders: Sender[] = [];
  const all = plan.exercises.flatMap((ex) => ex.clients.map((client) => ({ ex, client })));
  await inBatches(all, plan.connectConcurrency, async ({ ex, client }) => {
    const socket = await open(plan.url);
    socket.on("message", (message: { body: string }) => received(message.body));
    const member = ex.backchannelRoles.includes(client.roleKey);
    const rooms = [`${ex.id}:plenary`, ...(member ? [`${ex.id}:backchannel`] : [])];
    await socket.emitWithAck("join", rooms);
    senders.push({ socket, exerciseId: ex.id, plenary: `${ex.id}:plenary`, ...(member ? { backchannel: `${ex.id}:backchannel` } : {}) });
  });
  progress(`${all.length} clients joined`);
  return senders;
}

function send(sender: Sender): void {
  const channel = sender.backchannel && Math.random() < plan.backchannelShare ? sender.backchannel : sender.plenary;
  const body = bodyAt(performance.now());
  sent++;
  const onAck = (result: { ok: boolean; code?: string } | true) => {
    if (result === true || result.ok) acked++;
    else refused[result.code ?? "error"] = (refused[result.code ?? "error"] ?? 0) + 1;
  };
  if (plan.mode === "parley") sender.socket.emit("message:send", { exerciseId: sender.exerciseId, channelId: channel, body, clientKey: randomUUID() }, onAck);
  else sender.socket.emit("send", { room: channel, body }, onAck);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  const connectStarted = performance.now();
  const senders = plan.mode === "parley" ? await setUpParley() : await setUpBaseline();
  const connectMs = performance.now() - connectStarted;

  // Each client sends at the same steady rate, started at a random offset.
  const interval = 1000 / plan.messagesPerClientPerSec;
  const timers: NodeJS.Timeout[] = [];
  for (const sender of senders) {
    const offset = Math.random() * interval;
    timers.push(
      setTimeout(() => {
        send(sender);
        timers.push(setInterval(() => send(sender), interval));
      }, offset),
    );
  }
  await new Promise((r) => setTimeout(r, plan.warmupMs));
  const sentBefore = sent;
  const ackedBefore = acked;
  windowStart = performance.now();
  report({ kind: "measure-start" });
  await new Promise((r) => setTimeout(r, plan.measureMs));
  windowEnd = performance.now();
  report({ kind: "measure-end" });
  for (const t of timers) clearTimeout(t);
  // Let in-flight deliveries of the window land (they are counted only up to windowEnd).
  await new Promise((r) => setTimeout(r, 500));
  latencies.sort((a, b) => a - b);
  report({
    kind: "result",
    result: {
      clients: senders.length,
      connectMs: Math.round(connectMs),
      sent: sent - sentBefore,
      acked: acked - ackedBefore,
      refused,
      deliveries,
      measuredMs: Math.round(windowEnd - windowStart),
      latenciesMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(latencies.at(-1) ?? Number.NaN), samples: latencies.length },
    },
  });
  for (const s of senders) s.socket.disconnect();
  setTimeout(() => process.exit(0), 200);
}

main().catch((err: unknown) => {
  process.stderr.write(`load generator failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
