// The load generator, run as its own process by bench/load.ts: opens every client's
// socket, sets the exercises up the way participants would (start, a backchannel between
// two roles), then sends at a steady rate and measures send → receive latency and
// deliveries inside a measurement window, and follows the window's messages to the end:
// acked or refused, and delivered to every member of their channel. Reports over IPC.
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, EventDto, ServerToClientEvents } from "../../lib/contract/events";
import { nodeOf, planSchema, type GeneratorMessage, type Plan } from "./plan";

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
  /** Clients that receive a message in each channel, the sender included. */
  audience: { plenary: number; backchannel: number };
}

let windowStart = Number.POSITIVE_INFINITY;
let windowEnd = Number.POSITIVE_INFINITY;
let deliveries = 0;
let sent = 0;
let acked = 0;
const refused: Record<string, number> = {};
const latencies: number[] = [];
// The window's own messages (sent while it was open), however late their acks and
// deliveries come; `last` is the send time of the latest one, on the bodies' clock.
const followed = { sent: 0, acked: 0, refused: 0, expectedDeliveries: 0, receivedDeliveries: 0, last: Number.NEGATIVE_INFINITY };

function received(body: string): void {
  const now = performance.now();
  const sentAt = sentAtOf(body);
  if (sentAt >= windowStart && sentAt <= followed.last) followed.receivedDeliveries++;
  if (now < windowStart || now > windowEnd) return;
  deliveries++;
  if (sentAt >= windowStart) latencies.push(now - sentAt);
}

const nodeUrl = (exercise: number, client: number) => plan.urls[nodeOf(plan, exercise, client)]!;

function open(url: string, cookie?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      ...(cookie ? { extraHeaders: { cookie } } : {}),
    });
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
    const staff = (await open(plan.urls[0]!, ex.facilitatorCookie)) as Socket<ServerToClientEvents, ClientToServerEvents>;
    const joined = await staff.emitWithAck("exercise:join", { exerciseId: ex.id, afterSeq: 0 });
    if (!joined.ok) throw new Error(`facilitator join: ${joined.message}`);
    const started = await staff.emitWithAck("exercise:set-status", { exerciseId: ex.id, status: "running" });
    if (!started.ok) throw new Error(`start: ${started.message}`);
    staff.disconnect();
  });
  progress("exercises running");

  const all: {
    ex: Plan["exercises"][number];
    client: Plan["exercises"][number]["clients"][number];
    url: string;
    socket?: Socket<ServerToClientEvents, ClientToServerEvents>;
  }[] = plan.exercises.flatMap((ex, e) => ex.clients.map((client, i) => ({ ex, client, url: nodeUrl(e, i) })));
  await inBatches(all, plan.connectConcurrency, async (entry) => {
    const socket = (await open(entry.url, entry.client.cookie)) as Socket<ServerToClientEvents, ClientToServerEvents>;
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
    const accepted = await second.emitWithAck("backchannel:respond", {
      exerciseId: ex.id,
      channelId: requested.data.channelId,
      accept: true,
      clientKey: randomUUID(),
    });
    if (!accepted.ok) throw new Error(`backchannel accept: ${accepted.message}`);
    const isMember = (roleKey: string) => roleKey === r0 || roleKey === r1;
    const audience = { plenary: entries.length, backchannel: entries.filter((e) => isMember(e.client.roleKey)).length };
    for (const e of entries) {
      senders.push({
        socket: e.socket!,
        exerciseId: ex.id,
        plenary: ex.plenaryId,
        audience,
        ...(isMember(e.client.roleKey) ? { backchannel: requested.data.channelId } : {}),
      });
    }
  }
  progress("backchannels open");
  return senders;
}

async function setUpBaseline(): Promise<Sender[]> {
  const senders: Sender[] = [];
  const all = plan.exercises.flatMap((ex, e) => ex.clients.map((client, i) => ({ ex, client, url: nodeUrl(e, i) })));
  await inBatches(all, plan.connectConcurrency, async ({ ex, client, url }) => {
    const socket = await open(url);
    socket.on("message", (message: { body: string }) => received(message.body));
    const member = ex.backchannelRoles.includes(client.roleKey);
    const rooms = [`${ex.id}:plenary`, ...(member ? [`${ex.id}:backchannel`] : [])];
    await socket.emitWithAck("join", rooms);
    const audience = { plenary: ex.clients.length, backchannel: ex.clients.filter((c) => ex.backchannelRoles.includes(c.roleKey)).length };
    senders.push({
      socket,
      exerciseId: ex.id,
      plenary: `${ex.id}:plenary`,
      audience,
      ...(member ? { backchannel: `${ex.id}:backchannel` } : {}),
    });
  });
  progress(`${all.length} clients joined`);
  return senders;
}

function send(sender: Sender): void {
  const toBackchannel = sender.backchannel !== undefined && Math.random() < plan.backchannelShare;
  const channel = toBackchannel ? sender.backchannel! : sender.plenary;
  const body = bodyAt(performance.now());
  sent++;
  // Decided on the body's own clock, as receivers see it.
  const sentAt = sentAtOf(body);
  const inWindow = sentAt >= windowStart && windowEnd === Number.POSITIVE_INFINITY;
  const audience = toBackchannel ? sender.audience.backchannel : sender.audience.plenary;
  if (inWindow) {
    followed.sent++;
    followed.last = sentAt;
    // Expected once sent (deliveries may come before the ack); a refusal takes it back.
    followed.expectedDeliveries += audience;
  }
  const onAck = (result: { ok: boolean; code?: string } | true) => {
    const ok = result === true || result.ok;
    if (ok) acked++;
    else refused[result.code ?? "error"] = (refused[result.code ?? "error"] ?? 0) + 1;
    if (!inWindow) return;
    if (ok) followed.acked++;
    else {
      followed.refused++;
      followed.expectedDeliveries -= audience;
    }
  };
  if (plan.mode === "parley")
    sender.socket.emit("message:send", { exerciseId: sender.exerciseId, channelId: channel, body, clientKey: randomUUID() }, onAck);
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
  // Let in-flight deliveries of the window land (they are counted only up to windowEnd),
  // then wait up to 30 s more for the window's last acks and deliveries (a backlog).
  await new Promise((r) => setTimeout(r, 500));
  const settled = () => followed.acked + followed.refused === followed.sent && followed.receivedDeliveries >= followed.expectedDeliveries;
  for (const giveUp = performance.now() + 30_000; !settled() && performance.now() < giveUp;) await new Promise((r) => setTimeout(r, 50));
  const followedMs = Math.round(performance.now() - windowEnd);
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
      latenciesMs: {
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1) ?? Number.NaN),
        samples: latencies.length,
      },
      window: {
        sent: followed.sent,
        acked: followed.acked,
        refused: followed.refused,
        expectedDeliveries: followed.expectedDeliveries,
        receivedDeliveries: followed.receivedDeliveries,
        followedMs,
      },
    },
  });
  for (const s of senders) s.socket.disconnect();
  setTimeout(() => process.exit(0), 200);
}

main().catch((err: unknown) => {
  process.stderr.write(`load generator failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
