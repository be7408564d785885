// What the load generator drives: exercises, their clients and the traffic mix, shared by
// the orchestrator (bench/load.ts) and the generator process.
import { z } from "zod";

export const planSchema = z.object({
  mode: z.enum(["parley", "baseline"]),
  url: z.string().url(),
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

export const generatorResultSchema = z.object({
  clients: z.number(),
  connectMs: z.number(),
  sent: z.number(),
  acked: z.number(),
  refused: z.record(z.string(), z.number()),
  deliveries: z.number(),
  measuredMs: z.number(),
  latenciesMs: z.object({ p50: z.number(), p99: z.number(), max: z.number(), samples: z.number() }),
});
export type GeneratorResult = z.infer<typeof generatorResultSchema>;

/** Messages between the orchestrator and the generator (IPC). */
export type GeneratorMessage = { kind: "measure-start" } | { kind: "measure-end" } | { kind: "result"; result: GeneratorResult } | { kind: "progress"; text: string };
