// Assignment and Grade Services 2.0: the line item (grade column) of a placed exercise,
// and the scores posted to it.
import { z } from "zod";
import { SCOPE } from "./lti-claims";
import type { Platform } from "./platform.repository";
import { LtiServiceError, type ServiceCalls } from "./service-token";

const LINE_ITEM = "application/vnd.ims.lis.v2.lineitem+json";
const LINE_ITEMS = "application/vnd.ims.lis.v2.lineitemcontainer+json";
const SCORE = "application/vnd.ims.lis.v1.score+json";
// Each call asks only for its own scope: a platform may grant scores without line items.
const ITEM_SCOPES = [SCOPE.lineItem] as const;
const SCORE_SCOPES = [SCOPE.score] as const;

const lineItemSchema = z.looseObject({ id: z.url() });

export interface Score {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
  timestamp: string;
}

/** `${lineItem}/scores`, the query string (some platforms put the item's id there) kept after it. */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, "")}/scores`;
  return url.toString();
}

export function createAgsClient(calls: ServiceCalls) {
  return {
    /**
     * The line item for an exercise: the one the platform made from the deep link's
     * lineItem (found by resource id), else a new one.
     */
    async ensureLineItem(
      platform: Platform,
      lineItemsUrl: string,
      item: { resourceId: string; label: string; scoreMaximum: number; resourceLinkId?: string | null },
    ): Promise<string> {
      const query = new URL(lineItemsUrl);
      query.searchParams.set("resource_id", item.resourceId);
      const listed = await calls.call(platform, ITEM_SCOPES, query.toString(), { headers: { accept: LINE_ITEMS } });
      if (listed.ok) {
        const items = z.array(lineItemSchema).safeParse(await listed.json().catch(() => null));
        const mine = items.success ? items.data.find((i) => i.resourceId === item.resourceId) : undefined;
        if (mine) return mine.id;
      }
      const created = await calls.call(platform, ITEM_SCOPES, lineItemsUrl, {
        method: "POST",
        headers: { "content-type": LINE_ITEM, accept: LINE_ITEM },
        body: JSON.stringify({
          label: item.label,
          scoreMaximum: item.scoreMaximum,
          resourceId: item.resourceId,
          tag: "parley",
          ...(item.resourceLinkId ? { resourceLinkId: item.resourceLinkId } : {}),
        }),
      });
      if (!created.ok) throw new LtiServiceError(`The platform refused to create the grade column (HTTP ${created.status})`);
      const parsed = lineItemSchema.safeParse(await created.json().catch(() => null));
      if (!parsed.success) throw new LtiServiceError("The platform created a grade column without an id");
      return parsed.data.id;
    },

    async postScore(platform: Platform, lineItemUrl: string, score: Score): Promise<void> {
      const res = await calls.call(platform, SCORE_SCOPES, scoresUrl(lineItemUrl), {
        method: "POST",
        headers: { "content-type": SCORE },
        body: JSON.stringify({ ...score, activityProgress: "Completed", gradingProgress: "FullyGraded" }),
      });
      if (!res.ok) throw new LtiServiceError(`The platform refused the score (HTTP ${res.status})`);
    },
  };
}
export type AgsClient = ReturnType<typeof createAgsClient>;
