import { z } from "zod";
import { apiRoute, authorize, jsonError, jsonOk, parseBody } from "@/server/http/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_req, { user, app }) => {
  const auth = await authorize(app, user, "exercise:list-own");
  if ("response" in auth) return auth.response;
  const { actor } = auth;
  const rows = await app.services.exercises.listRunBy(actor.userId, actor.systemRole === "admin");
  return jsonOk(rows.map((e) => ({ id: e.id, title: e.title, status: e.status, createdAt: e.createdAt })));
});

const createSchema = z.object({ scenarioId: z.string().min(1), title: z.string().trim().max(120).optional() });

export const POST = apiRoute(async (req, { user, app }) => {
  const auth = await authorize(app, user, "exercise:create");
  if ("response" in auth) return auth.response;
  const { actor } = auth;
  const body = await parseBody(req, createSchema);
  if ("response" in body) return body.response;
  const result = await app.services.exerciseFlow.create(actor, body.data);
  return result.ok ? jsonOk(result.data, 201) : jsonError(result.code, result.message);
});
