// Prometheus metrics of one Parley process, in a registry of its own (served at /metrics by
// server/http/metrics-endpoint.ts). The hot paths only call the recording functions here:
// a delivery is a plain increment folded into its counter at scrape time, a command one
// labelled `inc` and one `observe`.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ErrorCode } from "../../lib/contract/result";

/** The limiters whose refusals are counted. */
export type LimiterName = "messages" | "join-codes" | "sign-in";
const LIMITERS: readonly LimiterName[] = ["messages", "join-codes", "sign-in"];

/** Where an internal error surfaced: a socket handler, an API route, or the HTTP server itself. */
export type ErrorSource = "socket" | "api" | "http";
const ERROR_SOURCES: readonly ErrorSource[] = ["socket", "api", "http"];

export type CommandOutcome = "ok" | ErrorCode;

/** One acknowledged socket event's instruments. */
export interface CommandMeter {
  /** The command arrived: its start time, to hand to `acked`. */
  start(): number;
  /** Its ack went out. */
  acked(outcome: CommandOutcome, startedAt: number): void;
}

export interface Metrics {
  readonly contentType: string;
  /** The exposition text of every series. */
  render(): Promise<string>;
  command(event: string): CommandMeter;
  /** Commands received and not yet acknowledged (shutdown waits for them). */
  readonly commandsInFlight: number;
  /** One server→client event written to one socket. */
  delivered(): void;
  /** One exercise-log append, from its request to its commit (group-commit wait included). */
  logAppended(seconds: number): void;
  refused(limiter: LimiterName): void;
  error(source: ErrorSource): void;
  /** Where the gauges read their values at scrape time. */
  watchSockets(count: () => number): void;
  watchExercises(count: () => number): void;
}

export interface MetricsOptions {
  /** prom-client's process and Node.js metrics (CPU, memory, event loop lag, handles). */
  process?: boolean;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.process) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  let sockets = () => 0;
  let exercises = () => 0;
  let inFlight = 0;
  let pendingDeliveries = 0;

  new Gauge({
    name: "parley_sockets_connected",
    help: "Socket.io connections open on this process",
    registers,
    collect() {
      this.set(sockets());
    },
  });
  new Gauge({
    name: "parley_exercises_live",
    help: "Exercises loaded in this process's live rooms",
    registers,
    collect() {
      this.set(exercises());
    },
  });
  new Gauge({
    name: "parley_commands_in_flight",
    help: "Socket commands received and not yet acknowledged",
    registers,
    collect() {
      this.set(inFlight);
    },
  });
  const commands = new Counter({
    name: "parley_commands_total",
    help: "Acknowledged socket commands by event and outcome (ok, or the error code); message:send ok counts stored messages",
    labelNames: ["event", "outcome"] as const,
    registers,
  });
  new Counter({
    name: "parley_deliveries_total",
    help: "Server-to-client events written to sockets: each event once per socket that receives it",
    registers,
    collect() {
      this.inc(pendingDeliveries);
      pendingDeliveries = 0;
    },
  });
  const ackLatency = new Histogram({
    name: "parley_ack_duration_seconds",
    help: "From a socket command's arrival to its ack, by event",
    labelNames: ["event"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const appendLatency = new Histogram({
    name: "parley_log_append_duration_seconds",
    help: "From an exercise-log append's request to its commit, waiting for a group commit included",
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const refusals = new Counter({
    name: "parley_rate_limited_total",
    help: "Attempts refused by a rate limit: messages per participant, wrong join codes per address, password sign-ins",
    labelNames: ["limiter"] as const,
    registers,
  });
  const errors = new Counter({
    name: "parley_errors_total",
    help: "Internal errors answered as such (socket handlers, API routes, the HTTP server)",
    labelNames: ["source"] as const,
    registers,
  });
  // Every series exists from the start, at 0, so that a rate over it is defined.
  for (const limiter of LIMITERS) refusals.inc({ limiter }, 0);
  for (const source of ERROR_SOURCES) errors.inc({ source }, 0);

  const meters = new Map<string, CommandMeter>();
  const secondsSince = (startedAt: number) => (performance.now() - startedAt) / 1000;

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    command(event) {
      let meter = meters.get(event);
      if (!meter) {
        const ok = commands.labels(event, "ok");
        const latency = ackLatency.labels(event);
        meter = {
          start() {
            inFlight++;
            return performance.now();
          },
          acked(outcome, startedAt) {
            inFlight--;
            latency.observe(secondsSince(startedAt));
            if (outcome === "ok") return ok.inc();
            commands.inc({ event, outcome });
            if (outcome === "internal") errors.inc({ source: "socket" });
          },
        };
        meters.set(event, meter);
      }
      return meter;
    },
    get commandsInFlight() {
      return inFlight;
    },
    delivered() {
      pendingDeliveries++;
    },
    logAppended(seconds) {
      appendLatency.observe(seconds);
    },
    refused(limiter) {
      refusals.inc({ limiter });
    },
    error(source) {
      errors.inc({ source });
    },
    watchSockets(count) {
      sockets = count;
    },
    watchExercises(count) {
      exercises = count;
    },
  };
}
