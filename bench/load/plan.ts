// What the load generator drives: exercises, their clients and the traffic mix, shared by
// the orchestrator (bench/load.ts) and the generator process.
import { z } from "zod";

export const planSchema = z.object({
  mode: z.enum(["parley", "baseline"]),
  /** The server's nodes (see `nodeOf`); exercise setup uses node 0. */
  urls: z.array(z.string().url()).min(1),
  /** How clients are spread over several nodes: "client" puts members of every exercise
   * on each node; "exercise" keeps each exercise on one node (a diagnostic: no exercise
   * is then changed from two nodes). */
  spread: z.enum(["client", "exercise"]).default("client"),
  exercises: z.array(
    z.object({
      id: z.string(),
      plenaryId: z.string(),
      facilitatorCookie: z.string(),
      /** The two roles that open a backchannel in this exercise. */
      backchannelRoles: z.tuple([z.string(), z.string()]),
      clients: z.array(z.object({ roleKey: z.string(), cookie: z.string() })),
    }),
  ),
  /** Messages each client sends per second. */
  messagesPerClientPerSec: z.number().positive(),
  /** Share of a backchannel member's messages that go to the backchannel. */
  backchannelShare: z.number().min(0).max(1),
  warmupMs: z.number().int().min(0),
  measureMs: z.number().int().positive(),
  /** Sockets opened at once while connecting. */
  connectConcurrency: z.number().int().positive(),
});
export type Plan = z.infer<typeof planSchema>;

/** The node of client i of exercise e: i % n when spread by client, e % n by exercise. */
export const nodeOf = (plan: Pick<Plan, "urls" | "spread">, exercise: number, client: number) =>
  (plan.spread === "exercise" ? exercise : client) % plan.urls.length;

export const generatorResultSchema = z.object({
  clients: z.number(),
  connectMs: z.number(),
  sent: z.number(),
  acked: z.number(),
  refused: z.record(z.string(), z.number()),
  deliveries: z.number(),
  measuredMs: z.number(),
  latenciesMs: z.object({ p50: z.number(), p99: z.number(), max: z.number(), samples: z.number() }),
  /** Messages sent inside the window, followed until all are acked or refused and
   * delivered (at most 30 s after it): the deliveries expected are one per member of the
   * channel, the sender included, for every message not refused. */
  window: z.object({
    sent: z.number(),
    acked: z.number(),
    refused: z.number(),
    expectedDeliveries: z.number(),
    receivedDeliveries: z.number(),
    followedMs: z.number(),
  }),
});
export type GeneratorResult = z.infer<typeof generatorResultSchema>;

/** Messages between the orchestrator and the generator (IPC). */
export type GeneratorMessage =
  { kind: "measure-start" } | { kind: "measure-end" } | { kind: "result"; result: GeneratorResult } | { kind: "progress"; text: string };
