// The scenario authoring format (docs/scenario-format.md) as zod schemas. No Node-only
// imports: the upload form and the server validate with the same schema.
import { z } from "zod";
import { channelKindSchema } from "../contract/vocabulary.schema";

export const permissions = [
  "speak-plenary",
  "request-backchannel",
  "convene-backchannel",
  "table-draft",
  "propose-amendment",
  "decide-amendment",
  "sign",
] as const;
export const permissionSchema = z.enum(permissions, {
  error: () => `must be one of: ${permissions.join(", ")}`,
});
export type Permission = z.infer<typeof permissionSchema>;

export { channelKinds, type ChannelKind } from "../contract/vocabulary";
export { channelKindSchema } from "../contract/vocabulary.schema";

export const standardRoleKeys = ["host-nation", "un-mediator", "regional-body", "intervening-power"] as const;

const key = z
  .string({ error: "is missing" })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must use lower-case letters, digits and single hyphens (like host-nation)");
const text = z.string({ error: "is missing" }).trim().min(1, "is empty");

export const standardRoleSchema = z.strictObject({
  key,
  name: text,
  profile: text,
  permissions: z.array(permissionSchema).min(1, "needs at least one permission"),
});
export type StandardRole = z.infer<typeof standardRoleSchema>;

export const objectiveSchema = z.strictObject({ id: key, text });

/** One level of a rubric criterion: the points it gives and what it looks like. */
export const rubricLevelSchema = z.strictObject({
  points: z.number({ error: "must be a number of points" }).min(0, "cannot be negative").max(100, "is more than 100"),
  label: text,
  description: text.optional(),
});
export type RubricLevel = z.infer<typeof rubricLevelSchema>;

/** A criterion a person is assessed on; under a role it may name one of that role's objectives. */
export const criterionSchema = z.strictObject({
  key,
  title: text,
  description: text.optional(),
  objective: key.optional(),
  levels: z.array(rubricLevelSchema, { error: "is missing" }).min(2, "needs at least two levels"),
});
export type Criterion = z.infer<typeof criterionSchema>;

/** A role as written in scenario.yaml (the brief may come from briefs/<key>.md). */
export const scenarioRoleInputSchema = z.strictObject({
  key,
  uses: z.enum(standardRoleKeys, { error: () => `must name a standard role: ${standardRoleKeys.join(", ")}` }).optional(),
  name: text.optional(),
  profile: text.optional(),
  permissions: z.array(permissionSchema).optional(),
  brief: text.optional(),
  objectives: z.array(objectiveSchema, { error: "is missing" }).min(1, "needs at least one objective"),
  redLines: z.array(text).default([]),
  fallback: text,
  rubric: z.array(criterionSchema).default([]),
});

export const phaseSchema = z.strictObject({
  key,
  title: text,
  minutes: z.number({ error: "must be a number of minutes" }).int("must be whole minutes").min(1).max(480),
  channels: z.array(channelKindSchema, { error: "is missing (list the channels open in this phase)" }),
  drafting: z.boolean().default(false),
});
export type Phase = z.infer<typeof phaseSchema>;

export const injectSchema = z.strictObject({
  key,
  title: text,
  text,
  audience: z.union([z.literal("all"), z.array(key).min(1)], { error: 'must be "all" or a list of role keys' }),
  at: z.union([z.literal("manual"), z.strictObject({ phase: key, minute: z.number().int().min(0) })], {
    error: 'must be "manual" or { phase, minute }',
  }),
});
export type Inject = z.infer<typeof injectSchema>;

export const clauseSchema = z.strictObject({ key, title: text, text });
export type Clause = z.infer<typeof clauseSchema>;

export const agreementTemplateSchema = z.strictObject({
  title: text,
  kind: z.enum(["ceasefire", "interim", "confidence-building"], {
    error: () => "must be ceasefire, interim or confidence-building",
  }),
  clauses: z.array(clauseSchema).default([]),
  signatories: z.array(key).min(1, "needs at least one role that must sign"),
  /** Clause votes: open (each role's choice is shown) or secret (only the count). */
  votes: z.enum(["open", "secret"], { error: () => "must be open or secret" }).default("open"),
});

export const scenarioInputSchema = z.strictObject({
  slug: key,
  title: text,
  summary: text,
  language: z
    .string()
    .regex(/^[a-z]{2}$/, "must be a two-letter language code like en or fr")
    .default("en"),
  background: text.optional(),
  roles: z.array(scenarioRoleInputSchema, { error: "is missing" }).min(1),
  phases: z.array(phaseSchema, { error: "is missing" }).min(1, "needs at least one phase"),
  injects: z.array(injectSchema).default([]),
  agreement: agreementTemplateSchema,
  debrief: z.strictObject({ questions: z.array(text).default([]) }).default({ questions: [] }),
  /** Criteria every role is assessed on (each role may add its own). */
  rubric: z.array(criterionSchema).default([]),
});
export type ScenarioInput = z.infer<typeof scenarioInputSchema>;

/** A role after its standard definition and brief file have been merged in. */
export const scenarioRoleSchema = z.strictObject({
  key,
  uses: z.enum(standardRoleKeys).optional(),
  name: text,
  profile: text,
  permissions: z.array(permissionSchema),
  brief: text,
  objectives: z.array(objectiveSchema),
  redLines: z.array(text),
  fallback: text,
  rubric: z.array(criterionSchema).default([]),
});
export type ScenarioRole = z.infer<typeof scenarioRoleSchema>;

/** The resolved scenario Parley stores and runs. */
export const scenarioSchema = scenarioInputSchema.extend({
  background: text,
  roles: z.array(scenarioRoleSchema),
});
export type Scenario = z.infer<typeof scenarioSchema>;
