import { apiRoute, authorize, jsonError, jsonOk } from "@/server/http/api";
import { decide } from "@/server/domain/authorization";
import { issuesFrom } from "@/lib/contract/result";
import { replayQuerySchema } from "@/lib/replay/replay-query";

export const dynamic = "force-dynamic";

/**
 * The debrief as the caller may see it (docs/protocol.md, "The debrief"): the screen (whole
 * when small), or with `part=` a page of messages, the figures or a search. `?as=<role>`:
 * the facilitator sees as that role saw.
 */
export const GET = apiRoute<{ id: string }>(async (req, { params, user, app }) => {
  const auth = await authorize(app, user, "exercise:view", params.id);
  if ("response" in auth) return auth.response;
  const { actor } = auth;
  const parsed = replayQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return jsonError("invalid_payload", "The request is not valid", issuesFrom(parsed.error));
  const query = parsed.data;
  if (query.as && !decide(actor, "exercise:oversee").allowed)
    return jsonError("forbidden", "Only the facilitator may choose a perspective");
  const pages = app.services.replay.pages;
  const result =
    query.part === "page"
      ? await pages.page(actor, params.id, query)
      : query.part === "figures"
        ? await pages.figures(actor, params.id, query)
        : query.part === "search"
          ? await pages.search(actor, params.id, query)
          : await pages.screen(actor, params.id, query);
  if (result.ok) return jsonOk(result.data);
  return result.code === "forbidden"
    ? jsonError("forbidden", "A full view's parts are read under its opening: open the debrief again")
    : jsonError("not_found", "No such exercise, role or channel");
});
