// Agreement shapes shared by server and browser: clauses and changes (schemas), and the
// word-level diffs (agreement-diff.ts, apart, so that pages comparing versions load no schemas).
import { z } from "zod";

export const clauseSchema = z.object({
  key: z.string().min(1).max(64),
  title: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(5000),
});
export type Clause = z.infer<typeof clauseSchema>;

export const changeSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("add"),
    title: z.string().trim().min(1).max(200),
    text: z.string().trim().min(1).max(5000),
    position: z.number().int().min(0).optional(),
  }),
  z.object({
    kind: z.literal("amend"),
    clauseKey: z.string().min(1),
    text: z.string().trim().min(1).max(5000),
    title: z.string().trim().min(1).max(200).optional(),
  }),
  z.object({ kind: z.literal("delete"), clauseKey: z.string().min(1) }),
  z.object({ kind: z.literal("reorder"), order: z.array(z.string().min(1)).min(1) }),
]);
export type Change = z.infer<typeof changeSchema>;

export type AgreementStatus = "draft" | "tabled" | "signed" | "withdrawn" | "collapsed";

export { diffVersions, type ClauseDiff, type WordPart } from "./agreement-diff";
