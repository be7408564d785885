import { z } from "zod";
import { actorFor, apiRoute, jsonError, jsonOk, parseBody, refuse } from "@/server/http/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_req, { user, app }) => {
  const refused = refuse(await actorFor(app, user), "scenario:browse");
  if (refused) return refused;
  return jsonOk(await app.services.catalog.list());
});

const uploadSchema = z.object({ yaml: z.string().min(1, "the file is empty").max(500_000, "the file is larger than 500 kB") });

/** Upload a self-contained scenario YAML; invalid files are reported and nothing is saved. */
export const POST = apiRoute(async (req, { user, app }) => {
  const actor = await actorFor(app, user);
  const refused = refuse(actor, "scenario:upload");
  if (refused || !actor) return refused ?? jsonError("unauthenticated", "Sign in first");
  const body = await parseBody(req, uploadSchema);
  if ("response" in body) return body.response;
  const result = await app.services.catalog.upload(body.data.yaml, { userId: actor.userId, admin: actor.systemRole === "admin" });
  if (!result.ok) {
    return jsonError(
      "invalid_payload",
      "The scenario file has problems",
      result.problems.map((p) => ({ path: p.where, message: p.message })),
    );
  }
  return jsonOk({ id: result.id, slug: result.slug }, 201);
});
