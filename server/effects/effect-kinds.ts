// The vocabulary of effects: what a command may ask to happen after its commit. One member
// per kind; the outbox stores `kind` and the payload's JSON, and the worker parses them
// back with this union before a handler sees them. A new kind is one more member here and
// one more handler where the worker is built (server/compose.ts).
import { z } from "zod";

export const effectSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("email.send"),
    payload: z.object({ to: z.email(), subject: z.string().min(1).max(300), text: z.string().min(1).max(100_000) }),
  }),
  // An exercise's next scheduled inject is due: release what is due (idempotent by inject key).
  z.object({ kind: z.literal("injects.due"), payload: z.object({ exerciseId: z.string().min(1) }) }),
]);

export type Effect = z.infer<typeof effectSchema>;
export type EffectKind = Effect["kind"];
export type EffectPayload<K extends EffectKind> = Extract<Effect, { kind: K }>["payload"];

/** Every kind, from the union itself. */
export const effectKinds: readonly EffectKind[] = effectSchema.options.map((option) => option.shape.kind.value);
