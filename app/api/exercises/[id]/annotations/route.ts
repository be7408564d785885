import { z } from "zod";
import { apiRoute, authorize, jsonError, jsonOk, parseBody } from "@/server/http/api";

export const dynamic = "force-dynamic";

const createSchema = z
  .object({
    targetSeq: z.number().int().min(1).optional(),
    at: z.iso.datetime().optional(),
    body: z.string().trim().min(1, "write the note").max(4000),
    visibleToParticipants: z.boolean().default(false),
  })
  .refine((v) => v.targetSeq !== undefined || v.at !== undefined, { message: "pin the note to an event (targetSeq) or a moment (at)" });

/** The facilitator pins a note to an event or a moment, during the exercise or after. */
export const POST = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  const { actor } = auth;
  const body = await parseBody(req, createSchema);
  if ("response" in body) return body.response;
  const { targetSeq, at, ...rest } = body.data;
  const note = await app.services.replay.annotate(actor, params.id, { ...rest, ...(targetSeq ? { targetSeq } : {}), ...(at ? { at } : {}) });
  return jsonOk({ id: note.id }, 201);
});

const visibilitySchema = z.object({ annotationId: z.string().min(1), visibleToParticipants: z.boolean() });

export const PATCH = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:manage", params.id);
  if ("response" in auth) return auth.response;
  const body = await parseBody(req, visibilitySchema);
  if ("response" in body) return body.response;
  const found = await app.services.replay.setAnnotationVisibility(params.id, body.data.annotationId, body.data.visibleToParticipants);
  return found ? jsonOk(body.data) : jsonError("not_found", "No such note");
});
