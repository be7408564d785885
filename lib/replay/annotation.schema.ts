// A facilitator's note in the debrief, pinned to an event or a moment, and the changes
// that may be made to one. Flagging a moment as important is a note with `important`;
// a flag needs no text, any other note does. The route and the debrief's forms share
// these schemas (no Node-only imports here).
import { z } from "zod";

export const NOTE_MAX = 4000;

export const annotationCreateSchema = z
  .object({
    targetSeq: z.number().int().min(1).optional(),
    at: z.iso.datetime().optional(),
    body: z.string().trim().max(NOTE_MAX).default(""),
    visibleToParticipants: z.boolean().default(false),
    important: z.boolean().default(false),
  })
  .refine((v) => v.targetSeq !== undefined || v.at !== undefined, { message: "pin the note to an event (targetSeq) or a moment (at)" })
  .refine((v) => v.body !== "" || v.important, {
    message: "write the note (only a flag, important: true, may have no text)",
    path: ["body"],
  });

export type AnnotationCreate = z.infer<typeof annotationCreateSchema>;

export const annotationChangeSchema = z
  .strictObject({
    annotationId: z.string().min(1),
    visibleToParticipants: z.boolean().optional(),
    important: z.boolean().optional(),
  })
  .refine((v) => v.visibleToParticipants !== undefined || v.important !== undefined, {
    message: "name what changes: visibleToParticipants, important or both",
  });

export type AnnotationChange = z.infer<typeof annotationChangeSchema>;
